import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replies `CrispReplies` made (nestjs-crisp-webhooks/crisp-api): one row per event, handler and key, so a
 * retried handler never replies twice. Created for every host, so the migrations keep one order whether or
 * not replies are used; an empty table costs nothing.
 */
export class CreateCrispApiReplies1764547200000 implements MigrationInterface {
  name = 'CreateCrispApiReplies1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "crisp_api_replies" (
        "event_id" bigint NOT NULL,
        "handler" text NOT NULL,
        "key" text NOT NULL,
        "website_id" text NOT NULL,
        "session_id" text NOT NULL,
        "fingerprint" bigint NOT NULL,
        "status" text NOT NULL,
        "attempts" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        CONSTRAINT "PK_crisp_api_replies" PRIMARY KEY ("event_id", "handler", "key"),
        CONSTRAINT "CHK_crisp_api_replies_status" CHECK ("status" IN ('sending', 'sent'))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "crisp_api_replies"`);
  }
}
