import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handlers that gave up on an event for good (a non-retryable error): a retry of the event's other
 * handlers never runs them again, and a replay may choose to.
 */
export class AddCrispWebhookEventHandlersDead1764288000000 implements MigrationInterface {
  name = 'AddCrispWebhookEventHandlersDead1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "crisp_webhook_events" ADD "handlers_dead" jsonb NOT NULL DEFAULT '[]'::jsonb`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" DROP "handlers_dead"`);
  }
}
