import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_INSTANCE,
} from '../crisp-webhooks.constants';
import { EVENTS_TABLE as TABLE, INBOX_COLUMNS } from './crisp-webhook-events.sql';
import type { CrispWebhooksConfig } from '../interfaces';
import type { CrispWebhookEventStatus } from './crisp-webhook-event-status';
import { GroupCommit } from './group-commit';
import { describeError } from '../errors/describe-error';
import { isPostgresConnectionError } from './postgres-connection-error';
import { isPostgresRowError } from './postgres-row-error';
import {
  HOOK_ROW_REFUSED,
  HOOKS_DATABASE_FAILED,
  HOOKS_LOST_CONNECTION,
  HOOKS_NOT_STORED_IN_TIME,
  HOOKS_STORED_AGAIN,
} from '../crisp-webhooks.messages';

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
  /** The exact bytes received, kept only when `data` had to be altered to be stored. */
  readonly rawBody: Buffer | null;
  /** Lease the row to this instance, which then runs it straight away; otherwise the queue hands it out. */
  readonly lease: boolean;
}

/**
 * The id of the stored row, or `undefined` when an identical delivery was already stored.
 * @internal
 */
export type CrispStoreResult = { readonly id: string | undefined };

/** A delivery waiting for its batch; one answered 503 already is not written any more. */
interface Pending {
  readonly record: CrispDeliveryRecord;
  timedOut: boolean;
  /** The connection error its batch last failed with, while it is being written again. */
  lostConnection?: unknown;
}

/**
 * Why a delivery was not stored, so that its 503 is logged with its cause: the store timed out, the
 * connection was lost and could not be made again in time, the database refused the row, or failed otherwise.
 * @internal
 */
export type CrispStoreFailure = 'timeout' | 'connection' | 'refused' | 'database';

/** A delivery not stored within `storeTimeoutMs`. @internal */
export class CrispStoreTimeoutError extends Error {
  constructor(
    readonly failure: Extract<CrispStoreFailure, 'timeout' | 'connection'>,
    readonly lastError: unknown,
    timeoutMs: number,
  ) {
    super(`not stored within ${timeoutMs} ms`);
  }
}

const COLUMNS = INBOX_COLUMNS.length;
const COLUMN_LIST = INBOX_COLUMNS.map((column) => `"${column}"`).join(', ');
/**
 * Connections kept for storing deliveries. Inserts never queue behind handlers' queries for a pooled
 * connection, and while one batch is in flight the next one fills up: group commit.
 */
const WRITERS = 2;

/** Waits before making a connection again: at once the first time (a failover), then backing off up to 200 ms. */
const reconnectDelayMs = (attempt: number) => Math.min(200, 25 * 2 ** (attempt - 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  private readonly logger = new Logger('CrispWebhooks');
  private readonly idleWriters: QueryRunner[] = [];
  /** The cause of the 503s being answered, logged once when it starts; `undefined` while deliveries are stored. */
  private failing: CrispStoreFailure | undefined;
  private readonly batches = new GroupCommit<Pending, CrispStoreResult>({
    write: (batch) => this.insert(batch),
    concurrency: WRITERS,
    // Postgres takes at most 65535 parameters in one statement.
    maxBatch: Math.floor(65535 / COLUMNS),
    // The pipes let through only what PostgreSQL stores; should a row be refused anyway, only its
    // sender gets the 503, not every delivery that shared its batch.
    isItemError: isPostgresRowError,
  });

  constructor(
    @Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
    @Inject(CRISP_WEBHOOKS_INSTANCE) private readonly instance: string,
  ) {}

  /**
   * Stores a delivery, leased to this instance when the record says so. A batch whose connection was
   * lost is written again on a fresh one. Rejects when the row is not committed within
   * `storeTimeoutMs`: a delivery still waiting for a writer then is dropped; one already sent may
   * still be committed, and is then run from the queue once its lease expires. The cause of a failure
   * is logged once per episode (until a delivery is stored again, or the cause changes).
   */
  store(record: CrispDeliveryRecord): Promise<CrispStoreResult> {
    const pending: Pending = { record, timedOut: false };
    const { storeTimeoutMs } = this.config.delivery;
    // One promise and one timer, not a race of two promises: this runs for every delivery.
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.timedOut = true;
        const lost = pending.lostConnection;
        const error = new CrispStoreTimeoutError(lost ? 'connection' : 'timeout', lost, storeTimeoutMs);
        this.failed(error);
        reject(error);
      }, storeTimeoutMs);
      this.batches.add(pending).then(
        (result) => {
          if (pending.timedOut) return;
          clearTimeout(timer);
          if (this.failing) this.recovered();
          resolve(result);
        },
        (error: unknown) => {
          if (pending.timedOut) return;
          clearTimeout(timer);
          this.failed(error);
          reject(error);
        },
      );
    });
  }

  /** Gives the writers' connections back to the pool once the last batches are written, before it closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batches.drain();
    await Promise.all(this.idleWriters.splice(0).map((writer) => writer.release()));
  }

  private failed(error: unknown): void {
    const failure: CrispStoreFailure =
      error instanceof CrispStoreTimeoutError
        ? error.failure
        : isPostgresRowError(error)
          ? 'refused'
          : isPostgresConnectionError(error)
            ? 'connection'
            : 'database';
    if (failure === this.failing) return;
    this.failing = failure;
    const { storeTimeoutMs } = this.config.delivery;
    const cause = error instanceof CrispStoreTimeoutError ? error.lastError : error;
    this.logger.warn(
      failure === 'timeout'
        ? HOOKS_NOT_STORED_IN_TIME(storeTimeoutMs)
        : failure === 'connection'
          ? HOOKS_LOST_CONNECTION(storeTimeoutMs, describeError(cause))
          : failure === 'refused'
            ? HOOK_ROW_REFUSED(String(((cause as QueryFailedError).driverError as { code?: unknown }).code))
            : HOOKS_DATABASE_FAILED(describeError(cause)),
    );
  }

  private recovered(): void {
    this.failing = undefined;
    this.logger.log(HOOKS_STORED_AGAIN());
  }

  /**
   * Writes a batch, again on a fresh connection as long as its connection is what fails and some of
   * its deliveries have not timed out; says for each delivery its row's id, or none for a duplicate
   * (and for one that timed out while waiting: it is left out). A row that the lost attempt did commit
   * is found again as a duplicate by the next one, and run from the queue once its lease expires.
   */
  private async insert(batch: readonly Pending[]): Promise<CrispStoreResult[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.insertOnce(batch);
      } catch (error) {
        if (!isPostgresConnectionError(error)) throw error;
        for (const pending of batch) pending.lostConnection = error;
        if (batch.every((pending) => pending.timedOut)) throw error;
        if (attempt > 0) await sleep(reconnectDelayMs(attempt));
      }
    }
  }

  /** One multi-row `INSERT` of the deliveries of a batch that have not timed out. */
  private async insertOnce(batch: readonly Pending[]): Promise<CrispStoreResult[]> {
    // Decided before the query: a delivery that times out meanwhile still owns its row.
    const sent = batch.map((pending) => !pending.timedOut);
    const records = batch.filter((_, i) => sent[i]).map((pending) => pending.record);
    if (records.length === 0) return batch.map(() => ({ id: undefined }));
    const params: unknown[] = [];
    const tuples = records.map((r) => {
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
          r.rawBody,
          r.rawBody !== null,
          r.lease ? this.instance : null,
          r.lease ? this.config.delivery.leaseSeconds : null,
        ) - COLUMNS;
      const $ = (n: number) => `$${at + n}`;
      return `(${$(1)}, ${$(2)}, ${$(3)}::jsonb, ${$(4)}, ${$(5)}, ${$(6)}::jsonb, ${$(7)}, ${$(8)}::integer, ${$(9)}, ${$(10)}::bytea, ${$(11)}::boolean, ${$(12)}, now() + make_interval(secs => ${$(13)}::double precision))`;
    });
    const writer = this.takeWriter();
    let rows: { id: string; key: string }[];
    try {
      rows = await writer.query(
        `INSERT INTO ${TABLE}
           (${COLUMN_LIST})
         VALUES ${tuples.join(', ')}
         ON CONFLICT ("dedup_key") DO NOTHING
         RETURNING "id"::text AS "id", encode("dedup_key", 'hex') AS "key"`,
        params,
      );
    } catch (error) {
      // The connection may be broken (database restarted, network cut): a new one is taken next time.
      await writer.release().catch(() => undefined);
      throw error;
    }
    this.idleWriters.push(writer);
    // A key maps to one inserted row; only its first claimant owns it, repeats are duplicates.
    const inserted = new Map(rows.map((row) => [row.key, row.id]));
    return batch.map(({ record }, i) => {
      if (!sent[i]) return { id: undefined };
      const key = record.dedupKey.toString('hex');
      const id = inserted.get(key);
      inserted.delete(key);
      return { id };
    });
  }

  /**
   * An idle writer whose connection is alive, or a new one. TypeORM already listens for its client's
   * `error`, which pg emits when a connection ends while idle, and releases the query runner then: a
   * released writer is dropped here, at the cost of reading a flag, with no round trip per batch as a
   * validation query would take. A connection that dies while a batch is in flight is caught by `insert`.
   */
  private takeWriter(): QueryRunner {
    for (let writer = this.idleWriters.pop(); writer; writer = this.idleWriters.pop()) {
      if (!writer.isReleased) return writer;
    }
    return this.dataSource.createQueryRunner();
  }
}
