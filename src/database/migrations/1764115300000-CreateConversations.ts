import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConversations1764115300000 implements MigrationInterface {
  name = 'CreateConversations1764115300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "crisp_messages" (
        "id" bigserial NOT NULL,
        "website_id" text NOT NULL,
        "session_id" text NOT NULL,
        "fingerprint" bigint NOT NULL,
        "from" text NOT NULL,
        "type" text NOT NULL,
        "origin" text NOT NULL,
        "content" text NOT NULL,
        "timestamp" timestamptz NOT NULL,
        CONSTRAINT "PK_crisp_messages" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_crisp_messages_session_fingerprint" ON "crisp_messages" ("website_id", "session_id", "fingerprint")`,
    );
    await queryRunner.query(`
      CREATE TABLE "crisp_contacts" (
        "website_id" text NOT NULL,
        "session_id" text NOT NULL,
        "email" text NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "PK_crisp_contacts" PRIMARY KEY ("website_id", "session_id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "crisp_contacts"`);
    await queryRunner.query(`DROP TABLE "crisp_messages"`);
  }
}
