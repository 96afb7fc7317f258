import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CrispEvent, GroupCommit, isPostgresRowError, OnCrispEvent } from 'nestjs-crisp-webhooks';
import type { Repository } from 'typeorm';
import { CrispMessageEntity } from './crisp-message.entity';

type MessageRow = Omit<CrispMessageEntity, 'id'>;

/** Keeps the history of every conversation: what visitors and operators wrote. */
@Injectable()
export class MessageHistoryHandler {
  /**
   * Messages arrive by the thousand per second under load: one `INSERT` and one commit per batch of
   * them. A message the database refuses fails alone: its batch is written again row by row.
   */
  private readonly rows = new GroupCommit<MessageRow>({
    write: (rows) => this.insert(rows),
    isItemError: isPostgresRowError,
  });

  constructor(@InjectRepository(CrispMessageEntity) private readonly messages: Repository<CrispMessageEntity>) {}

  @OnCrispEvent(['message:send', 'message:received'])
  async record({ data }: CrispEvent<'message:send' | 'message:received'>): Promise<void> {
    await this.rows.add({
      websiteId: data.website_id,
      sessionId: data.session_id,
      fingerprint: String(data.fingerprint),
      from: data.from,
      type: data.type,
      origin: data.origin,
      content: typeof data.content === 'string' ? data.content : JSON.stringify(data.content),
      timestamp: new Date(data.timestamp),
    });
  }

  private async insert(rows: readonly MessageRow[]): Promise<void> {
    const column = <K extends keyof MessageRow>(key: K) => rows.map((row) => row[key]);
    // A redelivered message keeps its fingerprint, so storing it again changes nothing.
    await this.messages.query(
      `INSERT INTO "crisp_messages" ("website_id", "session_id", "fingerprint", "from", "type", "origin", "content", "timestamp")
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       ON CONFLICT ("website_id", "session_id", "fingerprint") DO NOTHING`,
      [
        column('websiteId'),
        column('sessionId'),
        column('fingerprint'),
        column('from'),
        column('type'),
        column('origin'),
        column('content'),
        column('timestamp'),
      ],
    );
  }
}
