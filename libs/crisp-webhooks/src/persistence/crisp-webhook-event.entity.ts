import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CrispStoredAttempt } from './crisp-attempt-history';
import type { CrispWebhookEventStatus } from './crisp-webhook-event-status';

/** Table of every delivery the module acknowledged. @internal */
export const CRISP_WEBHOOK_EVENTS_TABLE = 'crisp_webhook_events';

/**
 * One delivery Crisp made and the module acknowledged. The schema comes from the module's migrations;
 * every column names its type so nothing depends on emitted decorator metadata.
 *
 * @publicApi
 */
@Entity({ name: CRISP_WEBHOOK_EVENTS_TABLE })
@Check('CHK_crisp_webhook_events_status', `"status" IN ('received', 'processed', 'failed', 'dead', 'invalid')`)
@Index('UQ_crisp_webhook_events_dedup_key', ['dedupKey'], { unique: true })
@Index('IDX_crisp_webhook_events_due', ['nextAttemptAt', 'id'], { where: `"status" IN ('received', 'failed')` })
@Index('IDX_crisp_webhook_events_session', ['sessionKey', 'id'], { where: `"status" IN ('received', 'failed')` })
@Index('IDX_crisp_webhook_events_status_id', ['status', 'id'], { where: `"status" <> 'processed'` })
@Index('IDX_crisp_webhook_events_event_id', ['event', 'id'])
@Index('IDX_crisp_webhook_events_website_id', ['websiteId', 'id'])
// An expression (split_part("session_key", ':', 2), "id") and a BRIN index: TypeORM declares neither, so it
// leaves them to the migrations.
@Index('IDX_crisp_webhook_events_session_id', { synchronize: false })
@Index('IDX_crisp_webhook_events_received_at', { synchronize: false })
export class CrispWebhookEventEntity {
  /** The row's id, a `bigint` read as a string so no precision is lost: the `id` handlers and the admin API see. */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_crisp_webhook_events' })
  id!: string;

  /** The envelope's `website_id`: the Crisp website the event happened in. */
  @Column({ name: 'website_id', type: 'text' })
  websiteId!: string;

  /** The envelope's `event`, e.g. `message:send`, whether the catalogue knows it or not. */
  @Column({ type: 'text' })
  event!: string;

  /** The event's `data` exactly as Crisp sent it, fields the DTO does not know included; `null` once retention dropped it. */
  @Column({ type: 'jsonb' })
  data!: unknown;

  /** The envelope's `timestamp`: when Crisp emitted the event. */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** When the module stored the delivery, by the database's clock; retention ages rows by it. */
  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  /** Where the delivery stands: see `CrispWebhookEventStatus`. */
  @Column({ type: 'text' })
  status!: CrispWebhookEventStatus;

  /** Validation errors of a quarantined event, or the errors of the handlers that failed. */
  @Column({ type: 'jsonb', nullable: true })
  errors!: unknown;

  /** SHA-256 of the request body: a repeated delivery of the same hook is recognised by it. */
  @Column({ name: 'dedup_key', type: 'bytea' })
  dedupKey!: Buffer;

  /** Crisp's `X-Delivery-Attempt-Count`, when it sent one. */
  @Column({ name: 'delivery_attempt', type: 'integer', nullable: true })
  deliveryAttempt!: number | null;

  /**
   * When the last run ended with the event `processed` or `dead`; `null` while handlers are still to run or be retried,
   * and for quarantined (`invalid`) events.
   */
  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  /** `website_id:session_id` of events in a conversation: what per-session ordering keys on. */
  @Column({ name: 'session_key', type: 'text', nullable: true })
  sessionKey!: string | null;

  /** `Class.method` of every handler that succeeded on this event: a retry never runs them again. */
  @Column({ name: 'handlers_done', type: 'jsonb', default: () => "'[]'" })
  handlersDone!: string[];

  /** `Class.method` of every handler that gave up on this event for good: no retry runs them again. */
  @Column({ name: 'handlers_dead', type: 'jsonb', default: () => "'[]'" })
  handlersDead!: string[];

  /** How many times the handlers were run. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** When the handlers may next run (a retry's backoff). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  /**
   * The exact bytes of a delivery whose `data` had to be altered to be stored (see `altered`), so that
   * nothing Crisp sent is lost and a signature can still be checked; `NULL` otherwise.
   */
  @Column({ name: 'raw_body', type: 'bytea', nullable: true })
  rawBody!: Buffer | null;

  /**
   * Whether `data` differs from what was sent: bytes that were not UTF-8, NUL characters or unpaired
   * surrogates (stored as U+FFFD), numbers a double does not hold exactly. Stays set when retention
   * or erasure clears `raw_body`.
   */
  @Column({ type: 'boolean', default: false })
  altered!: boolean;

  /** The app instance running the handlers, until `locked_until`; after that any instance may. */
  @Column({ name: 'locked_by', type: 'text', nullable: true })
  lockedBy!: string | null;

  /** When the lease of `locked_by` ends: past it, any instance may take the event; `null` when none holds it. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  /** When retention dropped the payload: `data` is then JSON `null`, while the row and its dedup key stay. */
  @Column({ name: 'payload_dropped_at', type: 'timestamptz', nullable: true })
  payloadDroppedAt!: Date | null;

  /**
   * The last runs of the handlers (at most `CRISP_ATTEMPT_HISTORY_LENGTH`, oldest first, replays included): when
   * each was recorded, how it ended, which handlers succeeded, failed or gave up. No error message: those may hold
   * personal data, and only the last one of each handler is kept, in `errors`.
   */
  @Column({ name: 'attempt_history', type: 'jsonb', default: () => "'[]'" })
  attemptHistory!: CrispStoredAttempt[];
}
