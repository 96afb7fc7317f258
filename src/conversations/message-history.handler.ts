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
    await this.messages
      .createQueryBuilder()
      .insert()
      .values({
        websiteId: data.website_id,
        sessionId: data.session_id,
        fingerprint: String(data.fingerprint),
        from: data.from,
        type: data.type,
        origin: data.origin,
        content: typeof data.content === 'string' ? data.content : JSON.stringify(data.content),
        timestamp: new Date(data.timestamp),
      })
      .orIgnore()
      .execute();
  }
}
