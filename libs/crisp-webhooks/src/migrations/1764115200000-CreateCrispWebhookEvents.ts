import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `crisp_webhook_events`, the table of every delivery the module acknowledged: the first of
 * `CRISP_WEBHOOKS_MIGRATIONS`.
 */
export class CreateCrispWebhookEvents1764115200000 implements MigrationInterface {
  /** The name TypeORM records in the host's migrations table once it ran; renaming it would run it again. */
  name = 'CreateCrispWebhookEvents1764115200000';

  /** Creates the table with its status check, its dedup key's unique index and the website/event index. */
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "crisp_webhook_events" (
        "id" bigserial NOT NULL,
        "website_id" text NOT NULL,
        "event" text NOT NULL,
        "data" jsonb NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        "status" text NOT NULL,
        "errors" jsonb,
        "dedup_key" bytea NOT NULL,
        "delivery_attempt" integer,
        "processed_at" timestamptz,
        CONSTRAINT "PK_crisp_webhook_events" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_crisp_webhook_events_status"
          CHECK ("status" IN ('received', 'processed', 'failed', 'invalid'))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_crisp_webhook_events_dedup_key" ON "crisp_webhook_events" ("dedup_key")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_crisp_webhook_events_website_event" ON "crisp_webhook_events" ("website_id", "event", "occurred_at")`,
    );
  }

  /** Drops the table, and every stored event with it. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "crisp_webhook_events"`);
  }
}
