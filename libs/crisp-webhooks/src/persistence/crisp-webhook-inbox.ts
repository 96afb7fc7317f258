import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_INSTANCE,
} from '../crisp-webhooks.constants';
import { CRISP_WEBHOOK_EVENTS_TABLE } from './crisp-webhook-event.entity';
import type { CrispWebhooksConfig } from '../interfaces';
import type { CrispWebhookEventStatus } from './crisp-webhook-event-status';

/** A delivery about to be stored. @internal */
export interface CrispDeliveryRecord {
  readonly websiteId: string;
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly timestamp: number;
  readonly status: Extract<CrispWebhookEventStatus, 'received' | 'invalid'>;
  readonly errors: unknown;
  readonly dedupKey: Buffer;
  readonly deliveryAttempt: number | null;
  /** Lease the row to this instance, which then runs it straight away; otherwise the queue hands it out. */
  readonly lease: boolean;
}

/**
 * The id of the stored row, or `undefined` when an identical delivery was already stored.
 * @internal
 */
export type CrispStoreResult = { readonly id: string | undefined };

interface Pending {
  readonly record: CrispDeliveryRecord;
  resolve: (result: CrispStoreResult) => void;
  reject: (error: unknown) => void;
  /** Answered 503 already: not to be written any more. */
  timedOut: boolean;
}

const COLUMNS = 11;
/** Postgres takes at most 65535 parameters in one statement. */
const MAX_BATCH = Math.floor(65535 / COLUMNS);
/**
 * Connections kept for storing deliveries. Inserts never queue behind handlers' queries for a pooled
 * connection, and while one batch is in flight the next one fills up: group commit.
 */
const WRITERS = 2;

const TABLE = `"${CRISP_WEBHOOK_EVENTS_TABLE}"`;

const sessionKeyOf = ({ websiteId, data }: CrispDeliveryRecord) =>
  typeof data.session_id === 'string' ? `${websiteId}:${data.session_id}` : null;

/**
 * Where deliveries are stored, with group commit: the requests that arrive while a batch is being
 * written share the next multi-row `INSERT`, so the database sees one round trip and one commit per
 * batch instead of one per hook; each caller's promise settles once its row is committed. A stored
 * row may be leased to this instance (`locked_by`, `locked_until`), which then runs it straight away;
 * `CrispWebhookQueue` hands out the others.
 */
@Injectable()
export class CrispWebhookInbox implements BeforeApplicationShutdown {
  private queue: Pending[] = [];
  private flushScheduled = false;
  private readonly idleWriters: QueryRunner[] = [];
  private readonly writing = new Set<Promise<void>>();

  constructor(
    @Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
    @Inject(CRISP_WEBHOOKS_INSTANCE) private readonly instance: string,
  ) {}

  /**
   * Stores a delivery, leased to this instance when the record says so. Rejects when the row is not
   * committed within `storeTimeoutMs`. A delivery still waiting for a writer then is dropped; one
   * already sent may still be committed, and is then run from the queue once its lease expires.
   */
  store(record: CrispDeliveryRecord): Promise<CrispStoreResult> {
    return new Promise((resolve, reject) => {
      const pending: Pending = { record, resolve, reject, timedOut: false };
      const timer = setTimeout(() => {
        pending.timedOut = true;
        reject(new Error(`not stored within ${this.config.delivery.storeTimeoutMs} ms`));
      }, this.config.delivery.storeTimeoutMs);
      pending.resolve = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
      pending.reject = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.queue.push(pending);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Gives the writers' connections back to the pool once the last batches are written, before it closes. */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
    await Promise.all(this.idleWriters.splice(0).map((writer) => writer.release()));
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    while (this.queue.length > 0 && this.writing.size < WRITERS) {
      const batch = this.queue.splice(0, MAX_BATCH).filter((pending) => !pending.timedOut);
      if (batch.length === 0) continue;
      const written: Promise<void> = this.insert(batch).finally(() => {
        this.writing.delete(written);
        this.flush();
      });
      this.writing.add(written);
    }
  };

  private async insert(batch: Pending[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = batch.map(({ record: r }) => {
      const at =
        params.push(
          r.websiteId,
          r.event,
          JSON.stringify(r.data),
          new Date(r.timestamp),
          r.status,
          r.errors === null ? null : JSON.stringify(r.errors),
          r.dedupKey,
          r.deliveryAttempt,
          sessionKeyOf(r),
          r.lease ? this.instance : null,
          r.lease ? this.config.delivery.leaseSeconds : null,
        ) - COLUMNS;
      const $ = (n: number) => `$${at + n}`;
      return `(${$(1)}, ${$(2)}, ${$(3)}::jsonb, ${$(4)}, ${$(5)}, ${$(6)}::jsonb, ${$(7)}, ${$(8)}::integer, ${$(9)}, ${$(10)}, now() + make_interval(secs => ${$(11)}::double precision))`;
    });
    const writer = this.idleWriters.pop() ?? this.dataSource.createQueryRunner();
    try {
      const rows: { id: string; key: string }[] = await writer.query(
        `INSERT INTO ${TABLE}
           ("website_id", "event", "data", "occurred_at", "status", "errors", "dedup_key", "delivery_attempt",
            "session_key", "locked_by", "locked_until")
         VALUES ${tuples.join(', ')}
         ON CONFLICT ("dedup_key") DO NOTHING
         RETURNING "id"::text AS "id", encode("dedup_key", 'hex') AS "key"`,
        params,
      );
      // A key maps to one inserted row; only its first claimant owns it, repeats are duplicates.
      const inserted = new Map(rows.map((row) => [row.key, row.id]));
      for (const pending of batch) {
        const key = pending.record.dedupKey.toString('hex');
        const id = inserted.get(key);
        inserted.delete(key);
        pending.resolve({ id });
      }
      this.idleWriters.push(writer);
    } catch (error) {
      // The connection may be broken (database restarted, network cut): a new one is taken next time.
      await writer.release().catch(() => undefined);
      for (const pending of batch) pending.reject(error);
    }
  }
}
