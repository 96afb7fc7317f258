import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { type DataSource, QueryFailedError, type QueryRunner } from 'typeorm';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_INSTANCE,
} from '../crisp-webhooks.constants';
import { EVENTS_TABLE as TABLE } from './crisp-webhook-events.sql';
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

/**
 * A batch is one statement of constant text whatever its size: its rows travel as one JSON parameter, read
 * by `json_to_recordset`, so PostgreSQL parses and plans it once per connection (a named statement) rather
 * than for every batch, at a cost that grows with its rows as a multi-row `VALUES` does. The parameter is
 * `json`, not `jsonb`, which holds at most 256 MiB. `occurred_at` comes as ms since the epoch.
 */
const INSERT = `INSERT INTO ${TABLE}
    ("website_id", "event", "data", "occurred_at", "status", "errors", "dedup_key", "delivery_attempt",
     "session_key", "raw_body", "altered", "locked_by", "locked_until")
  SELECT "website_id", "event", "data", to_timestamp(0) + "occurred_at" * interval '1 millisecond', "status",
    "errors", decode("dedup_key", 'hex'), "delivery_attempt", "session_key", decode("raw_body", 'hex'),
    "raw_body" IS NOT NULL, CASE WHEN "lease" THEN $2::text END,
    CASE WHEN "lease" THEN now() + make_interval(secs => $3::double precision) END
  FROM json_to_recordset($1::json) AS "r"("website_id" text, "event" text, "data" jsonb, "occurred_at" double precision,
    "status" text, "errors" jsonb, "dedup_key" text, "delivery_attempt" integer, "session_key" text, "raw_body" text,
    "lease" boolean)
  ON CONFLICT ("dedup_key") DO NOTHING
  RETURNING "id"::text AS "id", encode("dedup_key", 'hex') AS "key"`;
/** The name `INSERT` is prepared under on each writer's connection. */
const INSERT_STATEMENT = 'crisp_webhooks_inbox_insert';
/**
 * Most deliveries in one batch. Its JSON, with each delivery's data and (hex) raw bytes up to `bodyLimit`,
 * stays far below what one string may hold in V8 (512 MiB) and one parameter in PostgreSQL (1 GiB).
 */
const maxBatchFor = (bodyLimit: number) => Math.max(1, Math.min(1000, Math.floor((128 * 1024 * 1024) / bodyLimit)));

/** What `QueryRunner.connect()` gives with node-postgres: its client, which takes a named statement. */
interface NodePostgresClient {
  query(statement: { name: string; text: string; values: unknown[] }): Promise<{ rows: InsertedRow[] }>;
}

/** What `INSERT` returns per row it stored: a delivery already stored returns none. */
interface InsertedRow {
  readonly id: string;
  /** `dedup_key` in hex. */
  readonly key: string;
}

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
 * written share the next `INSERT`, so the database sees one round trip and one commit per
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
  private readonly batches: GroupCommit<Pending, CrispStoreResult>;
  /**
   * Named statements go to node-postgres's client itself, with `delivery.preparedStatements`: a driver
   * of the DataSource's own (`driver`, as typeorm-pglite's) may take only the text of a query.
   */
  private readonly prepared: boolean;

  constructor(
    @Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
    @Inject(CRISP_WEBHOOKS_INSTANCE) private readonly instance: string,
  ) {
    this.prepared =
      config.delivery.preparedStatements && !('driver' in dataSource.options && dataSource.options.driver);
    this.batches = new GroupCommit({
      write: (batch) => this.insert(batch),
      concurrency: WRITERS,
      maxBatch: maxBatchFor(config.bodyLimit),
      // The pipes let through only what PostgreSQL stores; should a row be refused anyway, only its
      // sender gets the 503, not every delivery that shared its batch.
      isItemError: isPostgresRowError,
    });
  }

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

  /** One `INSERT` of the deliveries of a batch that have not timed out. */
  private async insertOnce(batch: readonly Pending[]): Promise<CrispStoreResult[]> {
    // Decided before the query: a delivery that times out meanwhile still owns its row.
    const sent = batch.map((pending) => !pending.timedOut);
    const records = batch.filter((_, i) => sent[i]).map((pending) => pending.record);
    if (records.length === 0) return batch.map(() => ({ id: undefined }));
    const values = [
      JSON.stringify(
        records.map((r) => ({
          website_id: r.websiteId,
          event: r.event,
          data: r.data,
          occurred_at: r.timestamp,
          status: r.status,
          errors: r.errors,
          dedup_key: r.dedupKey.toString('hex'),
          delivery_attempt: r.deliveryAttempt,
          session_key: sessionKeyOf(r),
          raw_body: r.rawBody?.toString('hex') ?? null,
          lease: r.lease,
        })),
      ),
      this.instance,
      this.config.delivery.leaseSeconds,
    ];
    const writer = this.takeWriter();
    let rows: InsertedRow[];
    try {
      rows = await this.run(writer, values);
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

  /** `INSERT` on the writer's connection, as a named statement when `prepared`. */
  private async run(writer: QueryRunner, values: unknown[]): Promise<InsertedRow[]> {
    if (!this.prepared) return (await writer.query(INSERT, values)) as InsertedRow[];
    const client = (await writer.connect()) as NodePostgresClient;
    try {
      return (await client.query({ name: INSERT_STATEMENT, text: INSERT, values })).rows;
    } catch (error) {
      // As `QueryRunner.query` reports it, for `isPostgresRowError` and the log of the failure.
      throw new QueryFailedError(INSERT, values, error as Error);
    }
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
