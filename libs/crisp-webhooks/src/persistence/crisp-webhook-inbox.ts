import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_INSTANCE,
} from '../crisp-webhooks.constants';
import { EVENTS_TABLE as TABLE, INBOX_COLUMNS } from './crisp-webhook-events.sql';
import type { CrispWebhooksConfig } from '../interfaces';
import type { CrispWebhookEventStatus } from './crisp-webhook-event-status';
import { GroupCommit } from './group-commit';
import { isPostgresRowError } from './postgres-row-error';

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

/** A delivery waiting for its batch; one answered 503 already is not written any more. */
interface Pending {
  readonly record: CrispDeliveryRecord;
  timedOut: boolean;
}

const COLUMNS = INBOX_COLUMNS.length;
const COLUMN_LIST = INBOX_COLUMNS.map((column) => `"${column}"`).join(', ');
/**
 * Connections kept for storing deliveries. Inserts never queue behind handlers' queries for a pooled
 * connection, and while one batch is in flight the next one fills up: group commit.
 */
const WRITERS = 2;

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
  private readonly idleWriters: QueryRunner[] = [];
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
   * Stores a delivery, leased to this instance when the record says so. Rejects when the row is not
   * committed within `storeTimeoutMs`. A delivery still waiting for a writer then is dropped; one
   * already sent may still be committed, and is then run from the queue once its lease expires.
   */
  store(record: CrispDeliveryRecord): Promise<CrispStoreResult> {
    const pending: Pending = { record, timedOut: false };
    const { storeTimeoutMs } = this.config.delivery;
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        pending.timedOut = true;
        reject(new Error(`not stored within ${storeTimeoutMs} ms`));
      }, storeTimeoutMs);
    });
    return Promise.race([this.batches.add(pending), timeout]).finally(() => clearTimeout(timer));
  }

  /** Gives the writers' connections back to the pool once the last batches are written, before it closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.batches.drain();
    await Promise.all(this.idleWriters.splice(0).map((writer) => writer.release()));
  }

  /**
   * Writes a batch in one multi-row `INSERT`; says for each delivery its row's id, or none for a
   * duplicate (and for one that timed out while waiting: it is left out).
   */
  private async insert(batch: readonly Pending[]): Promise<CrispStoreResult[]> {
    // Decided once, before the query: a delivery that times out meanwhile still owns its row.
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
          r.lease ? this.instance : null,
          r.lease ? this.config.delivery.leaseSeconds : null,
        ) - COLUMNS;
      const $ = (n: number) => `$${at + n}`;
      return `(${$(1)}, ${$(2)}, ${$(3)}::jsonb, ${$(4)}, ${$(5)}, ${$(6)}::jsonb, ${$(7)}, ${$(8)}::integer, ${$(9)}, ${$(10)}, now() + make_interval(secs => ${$(11)}::double precision))`;
    });
    const writer = this.idleWriters.pop() ?? this.dataSource.createQueryRunner();
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
}
