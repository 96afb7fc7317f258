import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CrispErasure, OnCrispErasure } from 'nestjs-crisp-webhooks';
import type { DataSource } from 'typeorm';

/**
 * Erases what the app keeps of a person when the module is asked to (`DELETE /crisp/hooks/events?email=…`):
 * the messages of their conversations and the contacts they gave, in one transaction. The module deletes its
 * stored events only once this succeeded, so a failure can be retried with the same request.
 */
@Injectable()
export class ConversationErasureHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @OnCrispErasure()
  async erase({ sessionIds, email }: CrispErasure): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`DELETE FROM "crisp_messages" WHERE "session_id" = ANY($1::text[])`, [sessionIds]);
      await manager.query(
        `DELETE FROM "crisp_contacts" WHERE "session_id" = ANY($1::text[]) OR lower("email") = lower($2)`,
        [sessionIds, email],
      );
    });
  }
}
