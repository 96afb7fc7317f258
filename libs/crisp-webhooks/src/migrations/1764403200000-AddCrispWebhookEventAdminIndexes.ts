import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the admin API's filters, each with the id so that a page newest first is read in index
 * order and stops at its limit: by status (dead, failed, quarantined events), by event name (a backfill),
 * by website, by conversation (`session_id`, the suffix of `session_key`, also what an erasure deletes
 * by), and by storage time (`since`/`until`, retention).
 */
export class AddCrispWebhookEventAdminIndexes1764403200000 implements MigrationInterface {
  name = 'AddCrispWebhookEventAdminIndexes1764403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = '"crisp_webhook_events"';
    await queryRunner.query(`CREATE INDEX "IDX_crisp_webhook_events_status_id" ON ${table} ("status", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_crisp_webhook_events_event_id" ON ${table} ("event", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_crisp_webhook_events_website_id" ON ${table} ("website_id", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_crisp_webhook_events_session_id" ON ${table} (split_part("session_key", ':', 2), "id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_crisp_webhook_events_received_at" ON ${table} ("received_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of ['received_at', 'session_id', 'website_id', 'event_id', 'status_id']) {
      await queryRunner.query(`DROP INDEX "IDX_crisp_webhook_events_${index}"`);
    }
  }
}
