import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CrispEvent, OnCrispEvent } from '@app/crisp-webhooks';
import type { Repository } from 'typeorm';
import { CrispMessageEntity } from './crisp-message.entity';

/** Keeps the history of every conversation: what visitors and operators wrote. */
@Injectable()
export class MessageHistoryHandler {
  constructor(@InjectRepository(CrispMessageEntity) private readonly messages: Repository<CrispMessageEntity>) {}

  @OnCrispEvent(['message:send', 'message:received'])
  async record({ data }: CrispEvent<'message:send' | 'message:received'>): Promise<void> {
    // A redelivered message keeps its fingerprint, so storing it again changes nothing.
    await this.messages.query(
      `INSERT INTO "crisp_messages" ("website_id", "session_id", "fingerprint", "from", "type", "origin", "content", "timestamp")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ("website_id", "session_id", "fingerprint") DO NOTHING`,
      [
        data.website_id,
        data.session_id,
        data.fingerprint,
        data.from,
        data.type,
        data.origin,
        typeof data.content === 'string' ? data.content : JSON.stringify(data.content),
        new Date(data.timestamp),
      ],
    );
  }
}
