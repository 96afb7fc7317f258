import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Table of the replies `CrispReplies` made. @internal */
export const CRISP_API_REPLIES_TABLE = 'crisp_api_replies';

/** Where a reply stands: `sending` once it is about to be sent, `sent` once Crisp confirmed it. @publicApi */
export type CrispApiReplyStatus = 'sending' | 'sent';

/**
 * One reply a handler made to one event through `CrispReplies`, by its key: what makes the reply happen
 * once whatever the retries. It names the message (conversation, fingerprint), never its content, which
 * may quote the visitor and lives in Crisp; nor does it refer to the event's row, so deleting events
 * (retention, erasure, a test's `TRUNCATE`) never waits on it.
 *
 * @publicApi
 */
@Entity({ name: CRISP_API_REPLIES_TABLE })
@Check('CHK_crisp_api_replies_status', `"status" IN ('sending', 'sent')`)
export class CrispApiReplyEntity {
  /** The id of the event's row in `crisp_webhook_events`, a `bigint` read as a string; no foreign key (see above). */
  @PrimaryColumn({ name: 'event_id', type: 'bigint', primaryKeyConstraintName: 'PK_crisp_api_replies' })
  eventId!: string;

  /** `Class.method` of the handler that replied. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_crisp_api_replies' })
  handler!: string;

  /** The `key` the handler named this reply with. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_crisp_api_replies' })
  key!: string;

  /** The Crisp website of the conversation. */
  @Column({ name: 'website_id', type: 'text' })
  websiteId!: string;

  /** The conversation replied into; erasing it deletes its replies' records. */
  @Column({ name: 'session_id', type: 'text' })
  sessionId!: string;

  /** The message's fingerprint in the conversation, the same at every attempt. */
  @Column({ type: 'bigint' })
  fingerprint!: string;

  /** Where the reply stands: see `CrispApiReplyStatus`. */
  @Column({ type: 'text' })
  status!: CrispApiReplyStatus;

  /** How many runs of the handler got to this reply. */
  @Column({ type: 'integer', default: 1 })
  attempts!: number;

  /** When a run of the handler first got to the reply. */
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** When Crisp confirmed the message (or a retried run found it there). */
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
