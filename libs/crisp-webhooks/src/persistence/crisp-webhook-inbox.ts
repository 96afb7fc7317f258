import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { CRISP_WEBHOOKS_CONFIG, CRISP_WEBHOOKS_DATA_SOURCE } from '../crisp-webhooks.constants';
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
}

/**
 * The id of the stored row, or `undefined` when an identical delivery was already stored. `leased`
 * says whether this instance owns the row's first run (and must run it) or left it to the queue.
 * @internal
 */
export type CrispStoreResult = { readonly id: string; readonly leased: boolean } | { readonly id: undefined };

/** A stored event this instance has leased, as the worker runs it. @internal */
export interface CrispLeasedEvent {
  readonly id: string;
  readonly websiteId: string;
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly timestamp: number;
  readonly handlersDone: readonly string[];
  readonly attempts: number;
}

/** How one run of an event's handlers ended. @internal */
export interface CrispRunRecord {
  readonly id: string;
  readonly status: Extract<CrispWebhookEventStatus, 'processed' | 'failed' | 'dead'>;
  /** Handlers that succeeded in this run. */
  readonly done: readonly string[];
  readonly errors: unknown;
  /** Backoff before the next run, when `status` is `failed`. */
  readonly retryInMs: number;
}

interface Pending {
  readonly record: CrispDeliveryRecord;
  readonly resolve: (result: CrispStoreResult) => void;
  readonly reject: (error: unknown) => void;
}

const COLUMNS = 11;
/** Postgres takes at most 65535 parameters in one statement. */
const MAX_BATCH = Math.floor(65535 / COLUMNS);
/**
 * Connections kept for storing deliveries. Inserts never queue behind handlers' queries for a pooled
 * connection, and while one batch is in flight the next one fills up: group commit.
 */
const WRITERS = 2;

const TABLE = '"crisp_webhook_events"';
const UNFINISHED = `"status" IN ('received', 'failed')`;

const sessionKeyOf = ({ websiteId, data }: CrispDeliveryRecord) =>
  typeof data.session_id === 'string' ? `${websiteId}:${data.session_id}` : null;

/**
 * The module's only access to `crisp_webhook_events`: the inbox deliveries are stored in and the
 * queue handlers are run from. Stores with group commit: the requests that arrive in the same turn
 * of the event loop share one multi-row `INSERT`, so the database sees one round trip and one commit
 * per batch instead of one per hook; each caller's promise settles once its row is committed.
 * Rows are leased to the instance that runs them (`locked_by`, `locked_until`); a lease that is not
 * renewed expires, and any instance may then take the row over.
 */
@Injectable()
export class CrispWebhookInbox implements BeforeApplicationShutdown {
  /** Identifies this instance's leases; new at every start, so a restarted instance never mistakes old leases for its own. */
  readonly instance = randomUUID();
  private queue: Pending[] = [];
  private flushScheduled = false;
  private readonly idleWriters: QueryRunner[] = [];
  private readonly writing = new Set<Promise<void>>();

  constructor(
    @Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
  ) {}

  /**
   * Stores a delivery, leased to this instance unless events run in per-session order (then the
   * queue decides when it runs). Rejects when the row is not committed within `storeTimeoutMs`:
   * it may still be committed later, and is then run from the queue once its lease expires.
   */
  store(record: CrispDeliveryRecord): Promise<CrispStoreResult> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`not stored within ${this.config.delivery.storeTimeoutMs} ms`)),
        this.config.delivery.storeTimeoutMs,
      );
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          clearTimeout(timer);
          done(value);
        };
      this.queue.push({ record, resolve: settle(resolve), reject: settle(reject) });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /**
   * Leases up to `limit` events that are due (new, or failed and past their backoff) and not leased
   * by a live instance; `SKIP LOCKED` lets several instances claim at once without taking the same row.
   * In per-session order, an event waits while an earlier one of its conversation is unfinished.
   */
  async claim(limit: number): Promise<CrispLeasedEvent[]> {
    const order = this.config.delivery.orderBySession
      ? `AND ("e"."session_key" IS NULL OR NOT EXISTS (
           SELECT 1 FROM ${TABLE} "p" WHERE "p"."session_key" = "e"."session_key" AND "p"."id" < "e"."id" AND "p".${UNFINISHED}))`
      : '';
    const rows: {
      id: string;
      website_id: string;
      event: string;
      data: Record<string, unknown>;
      timestamp: string;
      handlers_done: string[];
      attempts: number;
    }[] = await this.returning(
      `UPDATE ${TABLE} SET "locked_by" = $1, "locked_until" = now() + make_interval(secs => $2)
       WHERE "id" IN (
         SELECT "e"."id" FROM ${TABLE} "e"
         WHERE "e".${UNFINISHED} AND "e"."next_attempt_at" <= now()
           AND ("e"."locked_until" IS NULL OR "e"."locked_until" < now()) ${order}
         ORDER BY "e"."next_attempt_at", "e"."id" LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING "id"::text AS "id", "website_id", "event", "data", "handlers_done", "attempts",
         (extract(epoch FROM "occurred_at") * 1000)::bigint::text AS "timestamp"`,
      [this.instance, this.config.delivery.leaseSeconds, limit],
    );
    return rows
      .map((row) => ({
        id: row.id,
        websiteId: row.website_id,
        event: row.event,
        data: row.data,
        timestamp: Number(row.timestamp),
        handlersDone: row.handlers_done,
        attempts: row.attempts,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Keeps this instance's leases on the events it is still running. */
  async renewLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${TABLE} SET "locked_until" = now() + make_interval(secs => $2)
       WHERE "id" = ANY($1::bigint[]) AND "locked_by" = $3`,
      [ids, this.config.delivery.leaseSeconds, this.instance],
    );
  }

  /** Gives back leases on events this instance will not run after all (shutting down), for another to take now. */
  async releaseLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${TABLE} SET "locked_by" = NULL, "locked_until" = NULL WHERE "id" = ANY($1::bigint[]) AND "locked_by" = $2`,
      [ids, this.instance],
    );
  }

  /**
   * Records how runs ended, in one statement for the whole batch. Only rows this instance still
   * leases are updated: if a lease was lost (a long outage), the instance that took over records its own run.
   */
  async record(runs: readonly CrispRunRecord[]): Promise<void> {
    if (runs.length === 0) return;
    await this.dataSource.query(
      `UPDATE ${TABLE} AS "e" SET
         "status" = "r"."status",
         "handlers_done" = "e"."handlers_done" || "r"."done",
         "errors" = "r"."errors",
         "attempts" = "e"."attempts" + 1,
         "next_attempt_at" = now() + "r"."retry_in_ms" * interval '1 millisecond',
         "locked_by" = NULL,
         "locked_until" = NULL,
         "processed_at" = CASE WHEN "r"."status" = 'failed' THEN NULL ELSE now() END
       FROM jsonb_to_recordset($1::jsonb) AS "r"("id" bigint, "status" text, "done" jsonb, "errors" jsonb, "retry_in_ms" bigint)
       WHERE "e"."id" = "r"."id" AND "e"."locked_by" = $2`,
      [
        JSON.stringify(
          runs.map((run) => ({
            id: run.id,
            status: run.status,
            done: run.done,
            errors: run.errors,
            retry_in_ms: run.retryInMs,
          })),
        ),
        this.instance,
      ],
    );
  }

  /** Rows an `UPDATE … RETURNING` gave back: `DataSource.query` answers `[rows, count]` for an UPDATE. */
  private async returning<T>(sql: string, params: unknown[]): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as T[];
    } finally {
      await runner.release();
    }
  }

  /** Gives the writers' connections back to the pool once the last batches are written, before it closes. */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
    await Promise.all(this.idleWriters.splice(0).map((writer) => writer.release()));
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    while (this.queue.length > 0 && this.writing.size < WRITERS) {
      const written: Promise<void> = this.insert(this.queue.splice(0, MAX_BATCH)).finally(() => {
        this.writing.delete(written);
        this.flush();
      });
      this.writing.add(written);
    }
  };

  private async insert(batch: Pending[]): Promise<void> {
    const lease = !this.config.delivery.orderBySession;
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
          lease && r.status === 'received' ? this.instance : null,
          lease && r.status === 'received' ? this.config.delivery.leaseSeconds : null,
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
        pending.resolve(id === undefined ? { id } : { id, leased: lease && pending.record.status === 'received' });
      }
      this.idleWriters.push(writer);
    } catch (error) {
      // The connection may be broken (database restarted, network cut): a new one is taken next time.
      await writer.release().catch(() => undefined);
      for (const pending of batch) pending.reject(error);
    }
  }
}
