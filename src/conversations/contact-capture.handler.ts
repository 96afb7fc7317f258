import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CrispEvent, OnCrispEvent } from 'nestjs-crisp-webhooks';
import type { Repository } from 'typeorm';
import { CrispContactEntity } from './crisp-contact.entity';

/** Captures leads: the email a visitor types in the chatbox, one per conversation. */
@Injectable()
export class ContactCaptureHandler {
  constructor(@InjectRepository(CrispContactEntity) private readonly contacts: Repository<CrispContactEntity>) {}

  @OnCrispEvent('session:set_email')
  async capture({ data, timestamp }: CrispEvent<'session:set_email'>): Promise<void> {
    // Crisp does not guarantee order: an older email arriving late must not replace a newer one.
    await this.contacts.query(
      `INSERT INTO "crisp_contacts" ("website_id", "session_id", "email", "updated_at")
       VALUES ($1, $2, $3, $4)
       ON CONFLICT ("website_id", "session_id") DO UPDATE
         SET "email" = excluded."email", "updated_at" = excluded."updated_at"
         WHERE "crisp_contacts"."updated_at" <= excluded."updated_at"`,
      [data.website_id, data.session_id, data.email, new Date(timestamp)],
    );
  }
}
