import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The last runs of an event's handlers, each with when it was recorded and how it ended, so an operator sees
 * the attempts over time and not only their count. A constant default: PostgreSQL adds the column without
 * rewriting the table, so the migration takes no time on a large one.
 */
export class AddCrispWebhookEventAttemptHistory1764640800000 implements MigrationInterface {
  name = 'AddCrispWebhookEventAttemptHistory1764640800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" ADD "attempt_history" jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" DROP "attempt_history"`);
  }
}
