import type { MigrationInterface, QueryRunner } from 'typeorm';

const TABLE = '"crisp_webhook_events"';

/**
 * Fewer index entries per stored hook. An event's row is written twice (stored, then its outcome), and a
 * change of `status` can never be a HOT update, so each write adds an entry to every index: measured, that
 * upkeep was most of the database's extra CPU per delivery. So:
 * - `website_event` goes: the admin filters by website or by event read `website_id` and `event_id`;
 * - `status_id` keeps only the statuses an operator lists by (dead, failed, quarantined, ...); the
 *   `processed` majority is read newest first along the primary key;
 * - `received_at` becomes a BRIN index, a few pages that rows appended in time order barely touch, which
 *   still serves `since`/`until` and retention.
 */
export class SlimCrispWebhookEventIndexes1764727200000 implements MigrationInterface {
  name = 'SlimCrispWebhookEventIndexes1764727200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // IF EXISTS: a schema made by `synchronize` from an older entity may lack it.
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_crisp_webhook_events_website_event"`);
    await queryRunner.query(`DROP INDEX "IDX_crisp_webhook_events_status_id"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_crisp_webhook_events_status_id" ON ${TABLE} ("status", "id") WHERE "status" <> 'processed'`,
    );
    await queryRunner.query(`DROP INDEX "IDX_crisp_webhook_events_received_at"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_crisp_webhook_events_received_at" ON ${TABLE} USING brin ("received_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_crisp_webhook_events_received_at"`);
    await queryRunner.query(`CREATE INDEX "IDX_crisp_webhook_events_received_at" ON ${TABLE} ("received_at")`);
    await queryRunner.query(`DROP INDEX "IDX_crisp_webhook_events_status_id"`);
    await queryRunner.query(`CREATE INDEX "IDX_crisp_webhook_events_status_id" ON ${TABLE} ("status", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_crisp_webhook_events_website_event" ON ${TABLE} ("website_id", "event", "occurred_at")`,
    );
  }
}
