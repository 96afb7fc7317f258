import type { DataSource, QueryRunner } from 'typeorm';
import { type CrispDuration, crispDurationMs } from '../config/crisp-duration';
import { resolveCrispRetentionConfig } from '../config/crisp-retention.config';
import type { CrispRetentionAgesConfig, CrispRetentionConfig, CrispRetentionOptions } from '../interfaces';
import { EVENTS_TABLE as TABLE } from '../persistence/crisp-webhook-events.sql';
import { type CrispWebhookEventFilter, crispEventFilterSql, SqlParameters } from './crisp-webhook-event-filter';

/**
 * What `CrispWebhookRetention.prune()` deletes: events stored longer ago than `olderThan` that `filter`
 * selects. Without a `filter.status`, only finished events (`processed`, `invalid`, `dead`): an unfinished
 * one still has handlers to run, and pruning it must be asked for by naming its status.
 * @publicApi
 */
export interface CrispPruneSelection {
  /** How old an event must be to go, by when it was stored: a duration back from now (`'30d'`) or a date. */
  readonly olderThan: CrispDuration | Date;
  /** Which of those old events; without a `status`, finished events only (see above). */
  readonly filter?: CrispWebhookEventFilter;
}

/** How a long operation reports its way: called after each batch with the rows it changed. @publicApi */
export type CrispBatchProgress = (changed: number) => void;

/** What one application of the retention policy did. @publicApi */
export interface CrispRetentionRun {
  /** Rows deleted because their status outlived its retention age. */
  readonly deleted: number;
  /** Processed rows whose payload was dropped (set to JSON `null`); the rows stay. */
  readonly payloadsDropped: number;
}

/** A condition on the events table (`"e"`) and its parameters, with the time past which no row matches. @internal */
interface CrispSweep {
  readonly params: SqlParameters;
  readonly where: string;
  /** A timestamptz expression: no row stored after it matches, so the walk through the table stops there. */
  readonly stopAt: string;
}

const FINISHED = ['processed', 'invalid', 'dead'] as const;
/** Any value: every instance of the module on a database uses the same lock, and only this one. */
const RETENTION_LOCK = `hashtext('nestjs-crisp-webhooks:retention')`;
/** A leased row is being run by a live instance: retention and pruning leave it alone. */
const NOT_LEASED = `("e"."locked_until" IS NULL OR "e"."locked_until" <= now())`;
/**
 * What a walk does to the rows of a window (`"w"`) that match: delete them, or drop their payload, the exact
 * bytes kept of an altered delivery (`raw_body`) with it: they hold the same personal data.
 */
const DELETE = (matched: string) =>
  `DELETE FROM ${TABLE} "e" USING "w" WHERE "e"."id" = "w"."id" AND ${matched} RETURNING 1`;
const DROP_PAYLOAD = (matched: string) =>
  `UPDATE ${TABLE} "e" SET "data" = 'null'::jsonb, "raw_body" = NULL, "payload_dropped_at" = now() FROM "w"
   WHERE "e"."id" = "w"."id" AND ${matched} RETURNING 1`;
const ago = (params: SqlParameters, ms: number) => `now() - ${params.add(ms, '::bigint')} * interval '1 millisecond'`;

/**
 * The condition that selects, for one status, the events older than their age: per event name where
 * `events` says, the default age otherwise; `null` when no event of that status is ever removed.
 * @internal
 */
export function crispRetentionStatusSql(
  status: keyof CrispRetentionAgesConfig,
  config: Pick<CrispRetentionConfig, 'ages' | 'events'>,
  params: SqlParameters,
): string | null {
  const byAge = new Map<number | null, string[]>();
  for (const [name, ages] of config.events) {
    if (ages[status] !== config.ages[status]) byAge.set(ages[status], [...(byAge.get(ages[status]) ?? []), name]);
  }
  if (config.ages[status] === null && [...byAge.keys()].every((age) => age === null)) return null;
  const cases = [...byAge].map(
    ([age, names]) => `WHEN "e"."event" = ANY(${params.add(names, '::text[]')}) THEN ${params.add(age, '::bigint')}`,
  );
  const age =
    cases.length > 0
      ? `CASE ${cases.join(' ')} ELSE ${params.add(config.ages[status], '::bigint')} END`
      : params.add(config.ages[status], '::bigint');
  return `("e"."status" = '${status}' AND "e"."received_at" < now() - ${age} * interval '1 millisecond')`;
}

/**
 * Deletes old events and drops old payloads in small batches, on a bare TypeORM `DataSource` (no Nest
 * needed: the CLI uses it while the app is down). Every batch is one statement that commits on its own,
 * over at most `batchSize` rows taken in `id` order, so locks last milliseconds and hooks keep being
 * stored meanwhile. Rows are stored in `id` order, so a walk stops at the first batch past the cutoff
 * instead of reading the rest of the table.
 *
 * @example
 * const retention = new CrispWebhookRetention(dataSource);
 * await retention.prune({ olderThan: '90d', filter: { status: 'dead' } });
 * @publicApi
 */
export class CrispWebhookRetention {
  constructor(
    private readonly dataSource: DataSource,
    private readonly batchSize = 1000,
  ) {
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`batchSize must be a whole number of at least 1, got ${String(batchSize)}.`);
    }
  }

  /** How many events `prune(selection)` would delete now. */
  async countPrunable(selection: CrispPruneSelection): Promise<number> {
    const sweep = this.pruneSweep(selection);
    // The statement takes the walk's parameters ($1, the id to start after, and $2, the batch size) too.
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS "count", $2::int AS "batch" FROM ${TABLE} "e" WHERE "e"."id" > $1::bigint AND ${sweep.where}`,
      sweep.params.values,
    )) as { count: number }[];
    return row.count;
  }

  /** Deletes the events of `selection`, a batch at a time; answers how many went. */
  async prune(selection: CrispPruneSelection, onBatch?: CrispBatchProgress): Promise<number> {
    return this.withRunner((runner) => this.walk(runner, this.pruneSweep(selection), DELETE, undefined, onBatch));
  }

  /**
   * Applies `retention` options once, now, as the module's schedule does (`batchSize` and `every` aside):
   * answers what it did, or `undefined` when another instance is applying retention at this moment. Once
   * `signal` fires, it stops after the batch under way. Throws a `CrispWebhooksConfigurationError` for
   * options the module would refuse at start-up.
   */
  async apply(options: CrispRetentionOptions = {}, signal?: AbortSignal): Promise<CrispRetentionRun | undefined> {
    return this.applyPolicy(resolveCrispRetentionConfig(options)!, signal);
  }

  /**
   * Applies a retention policy once: deletes the finished events older than their age, then drops the
   * payload of the processed events older than `payloadMs`. Only one caller on a database at a time does
   * the work (a session advisory lock on the connection it runs on); any other answers `undefined` at once.
   * Once `signal` fires, it stops after the batch under way.
   */
  private async applyPolicy(
    policy: Pick<CrispRetentionConfig, 'ages' | 'events' | 'payloadMs'>,
    signal?: AbortSignal,
  ): Promise<CrispRetentionRun | undefined> {
    return this.withRunner(async (runner) => {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock(${RETENTION_LOCK}) AS "locked"`)) as {
        locked: boolean;
      }[];
      if (!locked) return undefined;
      try {
        const deletion = this.policySweep(policy);
        const deleted = deletion ? await this.walk(runner, deletion, DELETE, signal) : 0;
        const payloadsDropped =
          policy.payloadMs === null
            ? 0
            : await this.walk(runner, this.payloadSweep(policy.payloadMs), DROP_PAYLOAD, signal);
        return { deleted, payloadsDropped };
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${RETENTION_LOCK})`);
      }
    });
  }

  private pruneSweep({ olderThan, filter = {} }: CrispPruneSelection): CrispSweep {
    const params = new SqlParameters('0', this.batchSize);
    const ms = olderThan instanceof Date ? undefined : crispDurationMs(olderThan);
    if (!(olderThan instanceof Date) && ms === undefined) {
      throw new RangeError(
        `olderThan must be a Date or a duration such as '30d', '12h' or '90m', got ${String(olderThan)}.`,
      );
    }
    const cutoff = ms === undefined ? params.add(olderThan, '::timestamptz') : ago(params, ms);
    const where = crispEventFilterSql({ status: FINISHED, ...filter }, params);
    const until = filter.until ? `, ${params.add(filter.until, '::timestamptz')}` : '';
    return {
      params,
      where: `${where} AND "e"."received_at" < ${cutoff} AND ${NOT_LEASED}`,
      stopAt: `LEAST(${cutoff}${until})`,
    };
  }

  private policySweep(policy: Pick<CrispRetentionConfig, 'ages' | 'events'>): CrispSweep | undefined {
    const params = new SqlParameters('0', this.batchSize);
    const conditions = FINISHED.map((status) => crispRetentionStatusSql(status, policy, params)).filter(
      (condition) => condition !== null,
    );
    if (conditions.length === 0) return undefined;
    const ages = [policy.ages, ...policy.events.values()].flatMap((ages) => FINISHED.map((status) => ages[status]));
    const youngest = Math.min(...ages.filter((age) => age !== null));
    return { params, where: `(${conditions.join(' OR ')}) AND ${NOT_LEASED}`, stopAt: ago(params, youngest) };
  }

  private payloadSweep(payloadMs: number): CrispSweep {
    const params = new SqlParameters('0', this.batchSize);
    const cutoff = ago(params, payloadMs);
    const where = `"e"."status" = 'processed' AND "e"."payload_dropped_at" IS NULL AND "e"."received_at" < ${cutoff} AND ${NOT_LEASED}`;
    return { params, where, stopAt: cutoff };
  }

  /**
   * Walks the table in `id` order, a window of `batchSize` rows per statement, applying `change` to the
   * rows of each window that match; stops at the end of the table or at a window that reaches past `stopAt`.
   */
  private async walk(
    runner: QueryRunner,
    { params, where, stopAt }: CrispSweep,
    change: (matched: string) => string,
    signal?: AbortSignal,
    onBatch?: CrispBatchProgress,
  ): Promise<number> {
    const statement = `
      WITH "w" AS (SELECT "id", "received_at" FROM ${TABLE} WHERE "id" > $1::bigint ORDER BY "id" LIMIT $2),
           "c" AS (${change(where)})
      SELECT count(*)::int AS "seen", max("w"."id")::text AS "last",
             coalesce(max("w"."received_at") >= ${stopAt}, false) AS "past",
             (SELECT count(*)::int FROM "c") AS "changed"
      FROM "w"`;
    let total = 0;
    for (;;) {
      const [batch] = (await runner.query(statement, params.values)) as {
        seen: number;
        last: string | null;
        past: boolean;
        changed: number;
      }[];
      total += batch.changed;
      if (batch.changed > 0) onBatch?.(batch.changed);
      if (batch.seen < this.batchSize || batch.past || batch.last === null || signal?.aborted) return total;
      params.values[0] = batch.last;
    }
  }

  private async withRunner<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await work(runner);
    } finally {
      await runner.release();
    }
  }
}
