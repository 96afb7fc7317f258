import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns and indexes of durable processing: per-handler completion, retries with backoff, leases, order. */
export class AddCrispWebhookEventProcessing1764201600000 implements MigrationInterface {
  name = 'AddCrispWebhookEventProcessing1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "crisp_webhook_events"
        ADD "session_key" text,
        ADD "handlers_done" jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD "attempts" integer NOT NULL DEFAULT 0,
        ADD "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        ADD "locked_by" text,
        ADD "locked_until" timestamptz`);
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" DROP CONSTRAINT "CHK_crisp_webhook_events_status"`);
    await queryRunner.query(`
      ALTER TABLE "crisp_webhook_events" ADD CONSTRAINT "CHK_crisp_webhook_events_status"
        CHECK ("status" IN ('received', 'processed', 'failed', 'dead', 'invalid'))`);
    await queryRunner.query(`
      CREATE INDEX "IDX_crisp_webhook_events_due" ON "crisp_webhook_events" ("next_attempt_at", "id")
        WHERE "status" IN ('received', 'failed')`);
    await queryRunner.query(`
      CREATE INDEX "IDX_crisp_webhook_events_session" ON "crisp_webhook_events" ("session_key", "id")
        WHERE "status" IN ('received', 'failed')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_crisp_webhook_events_session"`);
    await queryRunner.query(`DROP INDEX "IDX_crisp_webhook_events_due"`);
    await queryRunner.query(`UPDATE "crisp_webhook_events" SET "status" = 'failed' WHERE "status" = 'dead'`);
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" DROP CONSTRAINT "CHK_crisp_webhook_events_status"`);
    await queryRunner.query(`
      ALTER TABLE "crisp_webhook_events" ADD CONSTRAINT "CHK_crisp_webhook_events_status"
        CHECK ("status" IN ('received', 'processed', 'failed', 'invalid'))`);
    await queryRunner.query(`
      ALTER TABLE "crisp_webhook_events"
        DROP "locked_until", DROP "locked_by", DROP "next_attempt_at", DROP "attempts", DROP "handlers_done",
        DROP "session_key"`);
  }
}
