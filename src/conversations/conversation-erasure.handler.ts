import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CrispErasure, OnCrispErasure } from 'nestjs-crisp-webhooks';
import type { DataSource } from 'typeorm';
import { eraseConversationCopies } from './conversation-erasure';

/**
 * Erases what the app keeps of a person when the module is asked to (`DELETE /crisp/hooks/events?email=…`). The
 * module deletes its stored events only once this succeeded, so a failure can be retried with the same request.
 */
@Injectable()
export class ConversationErasureHandler {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @OnCrispErasure()
  erase(erasure: CrispErasure): Promise<void> {
    return eraseConversationCopies(this.dataSource, erasure);
  }
}
