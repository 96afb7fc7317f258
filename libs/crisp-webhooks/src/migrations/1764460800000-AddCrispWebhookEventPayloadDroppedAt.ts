import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When retention dropped an event's payload (`data` set to JSON null): the row, its outcome and its dedup
 * key stay, and a reader can tell a dropped payload from an event that carried none.
 */
export class AddCrispWebhookEventPayloadDroppedAt1764460800000 implements MigrationInterface {
  name = 'AddCrispWebhookEventPayloadDroppedAt1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" ADD "payload_dropped_at" timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" DROP "payload_dropped_at"`);
  }
}
