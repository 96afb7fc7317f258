import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGreetings1764547300000 implements MigrationInterface {
  name = 'CreateGreetings1764547300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "crisp_greetings" (
        "website_id" text NOT NULL,
        "session_id" text NOT NULL,
        "event_id" bigint NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_crisp_greetings" PRIMARY KEY ("website_id", "session_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "crisp_greetings"`);
  }
}
