import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The exact bytes of a delivery whose data had to be altered to be stored in jsonb (a NUL, an unpaired
 * surrogate, bytes that are not UTF-8, a number a double does not hold), and the mark that it was.
 */
export class AddCrispWebhookEventRawBody1764374400000 implements MigrationInterface {
  name = 'AddCrispWebhookEventRawBody1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "crisp_webhook_events" ADD "raw_body" bytea, ADD "altered" boolean NOT NULL DEFAULT false`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "crisp_webhook_events" DROP "raw_body", DROP "altered"`);
  }
}
