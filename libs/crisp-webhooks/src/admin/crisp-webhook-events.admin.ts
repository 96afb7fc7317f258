import type { DataSource } from 'typeorm';
import { isCrispEventName } from '../events/crisp-event-pattern.util';
import { CRISP_WEBHOOK_EVENT_STATUSES, type CrispWebhookEventStatus } from '../persistence/crisp-webhook-event-status';
import { readCrispBacklog, readCrispLastDeliveries } from '../persistence/crisp-webhook-backlog';
import { EVENTS_TABLE as TABLE } from '../persistence/crisp-webhook-events.sql';
import { validateCrispEventData } from '../validation/validate-crisp-event';
import type { CrispFieldError } from '../validation/validation-errors';
import { decodeCrispEventCursor, encodeCrispEventCursor } from './crisp-event-cursor';
import {
  crispAttemptHistory,
  type CrispEventDetail,
  type CrispEventSummary,
  crispHandlerRuns,
} from './crisp-event-summary';
import type { CrispErasure, CrispErasureRequest, CrispErasureResult } from './crisp-erasure';
import {
  type CrispWebhookEventFilter,
  crispEventFilterSql,
  SESSION_ID_SQL,
  SqlParameters,
} from './crisp-webhook-event-filter';

/** A page of `CrispWebhookEventsAdmin.list()`. @publicApi */
export interface CrispEventPage {
  /** Newest first. */
  readonly items: readonly CrispEventSummary[];
  /** Pass it as `cursor` for the next (older) page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/** What `CrispWebhookEventsAdmin.list()` takes: a filter, and where the page starts. @publicApi */
export interface CrispEventListQuery extends CrispWebhookEventFilter {
  /** Events per page. @default 50, at most 500 */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** Which events to replay: by id, or every event a filter selects. @publicApi */
export type CrispReplaySelection = { readonly ids: readonly string[] } | CrispWebhookEventFilter;

/**
 * Which handlers a replay runs. By default the handlers that have not succeeded on the event: those that
 * failed, gave up (`handlers_dead`), or were deployed since it was stored (a backfill).
 * @publicApi
 */
export interface CrispReplayOptions {
  /**
   * Also run these handlers (`Class.method`), even where they succeeded. A handler that never succeeded on
   * the event runs too (the event is `processed` only once every handler has), unless it gave up for good.
   */
  readonly handlers?: readonly string[];
  /** Run every handler again, the successful ones included (they should be idempotent). */
  readonly all?: boolean;
  /** Count what would be queued, change nothing. */
  readonly dryRun?: boolean;
  /** Called after each batch with how many events it queued (or would queue), e.g. for a progress bar. */
  readonly onBatch?: (queued: number) => void;
}

/** What a replay did (or, in a dry run, would do). @publicApi */
export interface CrispReplayResult {
  /** Events queued (would be, in a dry run). */
  readonly queued: number;
  /** `true` when this was a dry run: the counts say what a real replay would do, nothing changed. */
  readonly dryRun: boolean;
  /** Events the selection matched. */
  readonly matched: number;
  /** Matched events left alone because a live instance is running them now: replay them once it is done. */
  readonly leased: number;
  /** Quarantined events whose data still fails today's DTOs: they stay `invalid`. */
  readonly stillInvalid: number;
  /** Events whose payload retention dropped: nothing is left to run their handlers on. */
  readonly payloadDropped: number;
}

/** Counts of stored events, for a dashboard or a health check. @publicApi */
export interface CrispEventStats {
  /** Events stored in the last hour, by status. */
  readonly lastHour: Record<CrispWebhookEventStatus, number>;
  /** Events stored in the last 24 hours, by status. */
  readonly lastDay: Record<CrispWebhookEventStatus, number>;
  /** What the queue holds now, whatever the events' age. */
  readonly backlog: {
    /** Unfinished events whose handlers may run now. */
    readonly due: number;
    /** Events waiting for a retry. */
    readonly failed: number;
    /** Events whose handlers gave up for good; a replay runs them again. */
    readonly dead: number;
  };
  /** Age of the oldest unfinished event; `null` when none is. */
  readonly oldestUnfinishedAgeSeconds: number | null;
  /** When each website's last delivery was stored: a website gone silent may have had its hook suspended. */
  readonly websites: readonly { readonly websiteId: string; readonly lastDeliveryAt: Date }[];
  /** Deliveries Crisp announced as retries (`X-Delivery-Attempt-Count` above 1): answers Crisp counted as failed. */
  readonly announcedRetries: { readonly lastHour: number; readonly lastDay: number };
}

/** How `CrispWebhookEventsAdmin` fits in its host. @publicApi */
export interface CrispWebhookEventsAdminOptions {
  /**
   * Called with every erasure before the module deletes its rows (the module's own provider hands it to the
   * `@OnCrispErasure()` handlers); when it throws, nothing is deleted and the erasure can be asked again.
   * @default none
   */
  readonly onErasure?: (erasure: CrispErasure) => Promise<void> | void;
  /** Called after a replay queued events (the module's own provider wakes this instance's worker). @default none */
  readonly onQueued?: () => void;
  /**
   * The handlers an event of this name is dispatched to, so that a summary lists those that have not run on
   * an unfinished event yet. @default none: only the handlers the event's row names are listed
   */
  readonly handlersOf?: (event: string) => readonly string[];
  /** Rows per statement of a replay: each batch commits on its own, so no lock is held for long. @default 500 */
  readonly batchSize?: number;
}

export const DEFAULT_CRISP_EVENT_PAGE = 50;
export const MAX_CRISP_EVENT_PAGE = 500;

/** A row is leased by a live instance, which is running its handlers now. */
const LEASED = `coalesce("e"."locked_until" > now(), false)`;

/** The columns of a summary, from the events table aliased `"e"`. */
const SUMMARY_COLUMNS = `"e"."id"::text AS "id", "e"."event", "e"."website_id", ${SESSION_ID_SQL('"e"')} AS "session_id",
  "e"."status", "e"."attempts", "e"."delivery_attempt", "e"."received_at", "e"."occurred_at", "e"."processed_at",
  "e"."next_attempt_at", "e"."payload_dropped_at" IS NOT NULL AS "payload_dropped", "e"."handlers_done",
  "e"."handlers_dead", "e"."errors"`;

interface SummaryRow {
  id: string;
  event: string;
  website_id: string;
  session_id: string | null;
  status: CrispWebhookEventStatus;
  attempts: number;
  delivery_attempt: number | null;
  received_at: Date;
  occurred_at: Date;
  processed_at: Date | null;
  next_attempt_at: Date;
  payload_dropped: boolean;
  handlers_done: string[];
  handlers_dead: string[];
  errors: unknown;
}

interface ReplayCandidate {
  id: string;
  status: CrispWebhookEventStatus;
  event: string;
  /** Only read for quarantined events, which are validated again. */
  data: Record<string, unknown> | null;
  dropped: boolean;
  leased: boolean;
}

const EVENT_ID = /^[1-9]\d{0,18}$/;

/** The email fields of Crisp's events (`/work/shared/crisp/events.json`): a visitor's `user_id` may be an email. */
const EMAIL_FIELDS = [`{email}`, `{update,email}`, `{identity,email}`, `{identity,person,email}`, `{user,user_id}`];
const EMAIL_MATCH = (email: string) =>
  `(${EMAIL_FIELDS.map((path) => `lower("e"."data" #>> '${path}') = ${email}`).join(' OR ')})`;

const byStatus = (rows: readonly { status: CrispWebhookEventStatus; count: number }[]) =>
  Object.fromEntries(
    CRISP_WEBHOOK_EVENT_STATUSES.map((status) => [status, rows.find((row) => row.status === status)?.count ?? 0]),
  ) as Record<CrispWebhookEventStatus, number>;

/**
 * Operates the stored events: list and read them, run them again through the durable queue, and erase a
 * person's. Built on a TypeORM `DataSource` alone, so a CLI can use it while the app is down; in a Nest app,
 * inject the one `CrispWebhooksModule` provides, which hands erasures to the `@OnCrispErasure()` handlers
 * and wakes the worker after a replay.
 *
 * Safe with several instances running: a replay reschedules rows (status `received`, due now) and the
 * instances' queues claim them as usual, so each event is run by one instance; rows a live instance is
 * running (`locked_until` ahead) are never touched.
 *
 * @example
 * const admin = new CrispWebhookEventsAdmin(dataSource);
 * await admin.replay({ status: 'dead', event: 'message:send' });
 * @publicApi
 */
export class CrispWebhookEventsAdmin {
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: CrispWebhookEventsAdminOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) {
      throw new RangeError(`batchSize must be a whole number of at least 1, got ${String(options.batchSize)}.`);
    }
  }

  /**
   * Stored events newest first, `limit` per page, each page resuming after the previous one's last event
   * (keyset pagination: as fast on the last page as on the first, and stable while events arrive).
   * Throws a `RangeError` for a filter, limit or cursor that cannot be used.
   */
  async list(query: CrispEventListQuery = {}): Promise<CrispEventPage> {
    const { limit = DEFAULT_CRISP_EVENT_PAGE, cursor, ...filter } = query;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_CRISP_EVENT_PAGE) {
      throw new RangeError(`limit must be a whole number from 1 to ${MAX_CRISP_EVENT_PAGE}, got ${String(limit)}.`);
    }
    const params = new SqlParameters(limit + 1);
    const after =
      cursor === undefined ? '' : ` AND "e"."id" < ${params.add(decodeCrispEventCursor(cursor), '::bigint')}`;
    const rows = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS} FROM ${TABLE} "e" WHERE ${crispEventFilterSql(filter, params)}${after}
       ORDER BY "e"."id" DESC LIMIT $1`,
      params.values,
    )) as SummaryRow[];
    const items = rows.slice(0, limit).map((row) => this.summary(row));
    return { items, nextCursor: rows.length > limit ? encodeCrispEventCursor(items[items.length - 1].id) : null };
  }

  /**
   * One stored event whole: payload, validation errors, each handler's outcome, its last runs; `undefined` when
   * there is none.
   */
  async get(id: string): Promise<CrispEventDetail | undefined> {
    if (!EVENT_ID.test(id)) return undefined;
    const [row] = (await this.dataSource.query(
      `SELECT ${SUMMARY_COLUMNS}, "e"."data", "e"."attempt_history" FROM ${TABLE} "e" WHERE "e"."id" = $1::bigint`,
      [id],
    )) as (SummaryRow & { data: unknown; attempt_history: unknown })[];
    if (!row) return undefined;
    return {
      ...this.summary(row),
      data: row.data,
      validationErrors: row.status === 'invalid' ? ((row.errors ?? []) as CrispFieldError[]) : null,
      errors: row.errors,
      attemptHistory: crispAttemptHistory(row.attempt_history),
    };
  }

  /**
   * Runs events again through the durable queue: each one becomes `received`, due now, its attempts reset,
   * and any instance's worker runs it. A quarantined event is validated again against today's DTOs first,
   * and queued only if it passes. Works through the selection in batches of `batchSize`, each committed on
   * its own. Throws a `RangeError` for a selection that cannot be used.
   */
  async replay(selection: CrispReplaySelection, options: CrispReplayOptions = {}): Promise<CrispReplayResult> {
    const handlers = options.handlers ?? [];
    if (!Array.isArray(handlers) || handlers.some((handler) => typeof handler !== 'string' || handler === '')) {
      throw new RangeError('handlers must be a list of handler names (Class.method).');
    }
    const params = new SqlParameters('0', this.batchSize);
    const where = this.selectionSql(selection, params);
    const result = {
      queued: 0,
      dryRun: options.dryRun === true,
      matched: 0,
      leased: 0,
      stillInvalid: 0,
      payloadDropped: 0,
    };
    let last = '0';
    for (;;) {
      params.values[0] = last;
      const batch = (await this.dataSource.query(
        `SELECT "e"."id"::text AS "id", "e"."status", "e"."event", ${LEASED} AS "leased",
           CASE WHEN "e"."status" = 'invalid' THEN "e"."data" END AS "data",
           "e"."payload_dropped_at" IS NOT NULL AS "dropped"
         FROM ${TABLE} "e" WHERE ${where} AND "e"."id" > $1::bigint ORDER BY "e"."id" LIMIT $2`,
        params.values,
      )) as ReplayCandidate[];
      if (batch.length === 0) break;
      last = batch[batch.length - 1].id;
      result.matched += batch.length;
      const ready = batch.filter((row) => {
        if (row.leased) result.leased++;
        else if (row.dropped) result.payloadDropped++;
        else if (row.status === 'invalid' && !this.passesToday(row)) result.stillInvalid++;
        else return true;
        return false;
      });
      const queued = result.dryRun ? ready.length : await this.requeue(ready, handlers, options.all === true);
      result.queued += queued;
      options.onBatch?.(queued);
      if (batch.length < this.batchSize) break;
    }
    if (result.queued > 0 && !result.dryRun) this.options.onQueued?.();
    return result;
  }

  /**
   * Erases a person's stored events: one conversation's, or, by email, every event carrying that email (in
   * `data.email`, `data.update.email`, `data.identity.email`, `data.identity.person.email` or a visitor's
   * `data.user.user_id`, compared without case) with every event of the conversations and People profiles
   * those events name. The erasure handlers run first (`onErasure`); then the rows go, leased ones included,
   * raw bytes with them. Answers how many rows went. Matching an email reads the whole table: it is meant for
   * the occasional privacy request, not for a loop.
   */
  async erase(request: CrispErasureRequest): Promise<CrispErasureResult> {
    const erasure = await this.findPerson(request);
    await this.options.onErasure?.(erasure);
    const params = new SqlParameters(erasure.sessionIds, erasure.peopleIds);
    const byEmail = erasure.email === null ? '' : ` OR ${EMAIL_MATCH(params.add(erasure.email.toLowerCase()))}`;
    const deleted = await this.affected(
      `DELETE FROM ${TABLE} "e" WHERE ${SESSION_ID_SQL('"e"')} = ANY($1::text[])
         OR ("e"."data" ->> 'people_id') = ANY($2::text[])${byEmail}`,
      params.values,
    );
    return { ...erasure, deleted };
  }

  /** Counts for a dashboard: recent events by status, the backlog, and each website's last delivery. */
  async stats(): Promise<CrispEventStats> {
    const [recent, backlog, websites] = await Promise.all([
      this.dataSource.query(
        `SELECT "status", count(*)::int AS "day", (count(*) FILTER (WHERE "received_at" >= now() - interval '1 hour'))::int AS "hour",
           (count(*) FILTER (WHERE "delivery_attempt" > 1))::int AS "retried_day",
           (count(*) FILTER (WHERE "delivery_attempt" > 1 AND "received_at" >= now() - interval '1 hour'))::int AS "retried_hour"
         FROM ${TABLE} WHERE "received_at" >= now() - interval '1 day' GROUP BY "status"`,
      ) as Promise<
        { status: CrispWebhookEventStatus; day: number; hour: number; retried_day: number; retried_hour: number }[]
      >,
      readCrispBacklog(this.dataSource),
      readCrispLastDeliveries(this.dataSource),
    ]);
    const count = (key: 'day' | 'hour') => byStatus(recent.map((row) => ({ status: row.status, count: row[key] })));
    const sum = (key: 'retried_day' | 'retried_hour') => recent.reduce((total, row) => total + row[key], 0);
    return {
      lastHour: count('hour'),
      lastDay: count('day'),
      backlog: { due: backlog.due, failed: backlog.failed, dead: backlog.dead },
      oldestUnfinishedAgeSeconds:
        backlog.oldestUnfinishedAgeSeconds === null ? null : Math.floor(backlog.oldestUnfinishedAgeSeconds),
      websites,
      announcedRetries: { lastHour: sum('retried_hour'), lastDay: sum('retried_day') },
    };
  }

  private summary(row: SummaryRow): CrispEventSummary {
    const runs = crispHandlerRuns(
      { status: row.status, handlersDone: row.handlers_done, handlersDead: row.handlers_dead, errors: row.errors },
      this.options.handlersOf?.(row.event),
    );
    return {
      id: row.id,
      event: row.event,
      websiteId: row.website_id,
      sessionId: row.session_id,
      status: row.status,
      attempts: row.attempts,
      deliveryAttempt: row.delivery_attempt,
      receivedAt: row.received_at,
      occurredAt: row.occurred_at,
      processedAt: row.processed_at,
      nextAttemptAt: row.next_attempt_at,
      payloadDropped: row.payload_dropped,
      handlers: runs,
    };
  }

  private selectionSql(selection: CrispReplaySelection, params: SqlParameters): string {
    if (!('ids' in selection)) return crispEventFilterSql(selection, params);
    const bad = selection.ids.find((id) => typeof id !== 'string' || !EVENT_ID.test(id));
    if (bad !== undefined) throw new RangeError(`Event ids are positive whole numbers, got ${String(bad)}.`);
    return `"e"."id" = ANY(${params.add(selection.ids, '::bigint[]')})`;
  }

  /** Whether a quarantined event's data passes its DTO today (an event outside the catalogue always does). */
  private passesToday({ event, data }: ReplayCandidate): boolean {
    return !isCrispEventName(event) || validateCrispEventData(event, data ?? {}).errors.length === 0;
  }

  /**
   * Reschedules the rows still as they were read and not leased meanwhile (a worker may have claimed one, a
   * retry recorded another): each row is locked with `SKIP LOCKED` and checked again under the lock.
   */
  private async requeue(rows: readonly ReplayCandidate[], handlers: readonly string[], all: boolean): Promise<number> {
    if (rows.length === 0) return 0;
    const params = new SqlParameters(
      rows.map((row) => row.id),
      rows.map((row) => row.status),
    );
    const named = handlers.length > 0 ? params.add(handlers, '::text[]') : undefined;
    const done = all ? `'[]'::jsonb` : named ? `"e"."handlers_done" - ${named}` : `"e"."handlers_done"`;
    const dead = named && !all ? `"e"."handlers_dead" - ${named}` : `'[]'::jsonb`;
    return this.affected(
      `UPDATE ${TABLE} "e" SET "status" = 'received', "attempts" = 0, "next_attempt_at" = now(),
         "processed_at" = NULL, "locked_by" = NULL, "locked_until" = NULL,
         "errors" = CASE WHEN "e"."status" = 'invalid' THEN NULL ELSE "e"."errors" END,
         "handlers_done" = ${done}, "handlers_dead" = ${dead}
       FROM (SELECT "x"."id" FROM ${TABLE} "x"
             JOIN unnest($1::bigint[], $2::text[]) AS "r"("id", "status") ON "x"."id" = "r"."id" AND "x"."status" = "r"."status"
             WHERE "x"."locked_until" IS NULL OR "x"."locked_until" <= now()
             FOR UPDATE OF "x" SKIP LOCKED) AS "p"
       WHERE "e"."id" = "p"."id"`,
      params.values,
    );
  }

  /** The conversations and People profiles of the person asked for, as the stored events link them. */
  private async findPerson(request: CrispErasureRequest): Promise<CrispErasure> {
    if ('sessionId' in request) {
      if (typeof request.sessionId !== 'string' || request.sessionId === '') {
        throw new RangeError('sessionId must be a non-empty session_id.');
      }
      return { email: null, sessionIds: [request.sessionId], peopleIds: [] };
    }
    const email = (request as { email?: unknown }).email;
    if (typeof email !== 'string' || !email.includes('@')) throw new RangeError('email must be an email address.');
    const [found] = (await this.dataSource.query(
      `WITH "m" AS (SELECT ${SESSION_ID_SQL('"e"')} AS "session_id", "e"."data" ->> 'people_id' AS "people_id"
                    FROM ${TABLE} "e" WHERE ${EMAIL_MATCH('$1')}),
            "p" AS (SELECT DISTINCT "people_id" FROM "m" WHERE "people_id" IS NOT NULL),
            "s" AS (SELECT "session_id" FROM "m"
                    UNION SELECT ${SESSION_ID_SQL('"e"')} FROM ${TABLE} "e" WHERE ("e"."data" ->> 'people_id') IN (SELECT "people_id" FROM "p"))
       SELECT coalesce((SELECT array_agg("session_id" ORDER BY "session_id") FROM "s" WHERE "session_id" IS NOT NULL), '{}') AS "sessions",
              coalesce((SELECT array_agg("people_id" ORDER BY "people_id") FROM "p"), '{}') AS "people"`,
      [email.toLowerCase()],
    )) as { sessions: string[]; people: string[] }[];
    return { email, sessionIds: found.sessions, peopleIds: found.people };
  }

  /** Rows an UPDATE or DELETE changed: `DataSource.query` answers `[rows, count]` for them. */
  private async affected(sql: string, params: unknown[]): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).affected ?? 0;
    } finally {
      await runner.release();
    }
  }
}
