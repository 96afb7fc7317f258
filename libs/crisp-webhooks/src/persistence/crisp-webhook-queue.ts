import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_INSTANCE,
} from '../crisp-webhooks.constants';
import type { CrispWebhooksConfig } from '../interfaces';
import { APPEND_CRISP_ATTEMPT, type CrispStoredAttempt } from './crisp-attempt-history';
import type { CrispStoredEvent } from './crisp-stored-event';
import { EVENTS_TABLE as TABLE, UNFINISHED } from './crisp-webhook-events.sql';
import { onFreshConnectionIfLost } from './postgres-connection-error';

/**
 * Of the events `$1`, those this instance (`$2`) leases and no other transaction is writing. Renewing or
 * giving back leases skips a row being written, which is the outcome's `record` ending the lease anyway:
 * two statements that each lock several rows, in orders of their own, would otherwise deadlock (seen under
 * load: a renewal and a record, each holding a row the other waited for), and one of them fail. `NO KEY UPDATE`
 * is the lock an `UPDATE` takes anyway: a host's row referencing the event (a foreign key's `KEY SHARE`) does not
 * make the renewal skip it and the lease lapse.
 */
const LEASED_NOT_BUSY = `SELECT "id" FROM ${TABLE} WHERE "id" = ANY($1::bigint[]) AND "locked_by" = $2 FOR NO KEY UPDATE SKIP LOCKED`;

/** A stored event this instance has leased, as the worker runs it. @internal */
export interface CrispLeasedEvent extends CrispStoredEvent {
  readonly handlersDone: readonly string[];
  /** Handlers that gave up on the event for good (`CrispNonRetryableError`). */
  readonly handlersDead: readonly string[];
  /** Runs of its handlers so far, counting the one that ended without an outcome when `crashed`. */
  readonly attempts: number;
  /**
   * Its last run ended without an outcome: the lease of the instance running it expired (the process
   * died, or held its event loop past the lease). That run is counted in `attempts`.
   */
  readonly crashed: boolean;
  /** Size of its payload's JSON, what it weighs against `delivery.maxBufferedBytes`. */
  readonly bytes: number;
}

/**
 * How one run of an event's handlers ended: what its `attempt_history` entry says (`attempt` is
 * `CrispHandlerContext.attempt`, or the run that ended with its process when the event is given up without
 * running it; the `dead` handlers never run again on this event), and what else the row needs.
 * @internal
 */
export interface CrispRunRecord extends Pick<CrispStoredAttempt, 'attempt' | 'status' | 'done' | 'dead'> {
  readonly id: string;
  /** This run's errors, by handler; `null` when none failed. */
  readonly errors: readonly { readonly handler: string; readonly message: string }[] | null;
  /** Backoff before the next run, when `status` is `failed`. */
  readonly retryInMs: number;
}

/**
 * The stored events as a work queue shared by every instance on the database. Rows are leased to the
 * instance that runs them (`locked_by`, `locked_until`); a lease that is not renewed expires, and any
 * instance may then take the row over: retries past their backoff, events of a crashed instance.
 */
@Injectable()
export class CrispWebhookQueue {
  constructor(
    @Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
    @Inject(CRISP_WEBHOOKS_INSTANCE) private readonly instance: string,
  ) {}

  /**
   * Leases up to `limit` events that are due (new, or failed and past their backoff) and not leased
   * by anyone; `SKIP LOCKED` lets several instances claim at once without taking the same row.
   * In per-session order, an event waits while an earlier one of its conversation is unfinished.
   *
   * With `crashedExcept` (the events this instance holds, whose leases it renews), it also takes one
   * event at most whose lease expired without an outcome, counting that run as an attempt: a run that
   * killed its process (a poison event) records nothing, so this is where it is counted. Such events
   * are taken one at a time, so that the poison among the events a dead process held is the only one
   * charged again and again (see the README, "Poison events"). Looking for them reads every due row
   * when there are none, so the worker asks for them only once in a while.
   *
   * Events are taken in order until their payloads weigh `maxBytes` (the room left in the worker's
   * `maxBufferedBytes`); the first is always taken, so an event larger than the budget still runs.
   */
  async claim(limit: number, maxBytes: number, crashedExcept?: readonly string[]): Promise<CrispLeasedEvent[]> {
    const order = this.config.delivery.orderBySession
      ? `AND ("e"."session_key" IS NULL OR NOT EXISTS (
           SELECT 1 FROM ${TABLE} "p" WHERE "p"."session_key" = "e"."session_key" AND "p"."id" < "e"."id" AND "p".${UNFINISHED}))`
      : '';
    const due = (lease: string, crashed: string, limit: string) =>
      `SELECT "e"."id", "e"."next_attempt_at", ${crashed} AS "crashed", octet_length("e"."data"::text) AS "bytes"
       FROM ${TABLE} "e"
       WHERE "e".${UNFINISHED} AND "e"."next_attempt_at" <= now() AND ${lease} ${order}
       ORDER BY "e"."next_attempt_at", "e"."id" LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
    const rows: {
      id: string;
      website_id: string;
      event: string;
      data: Record<string, unknown>;
      timestamp: string;
      handlers_done: string[];
      handlers_dead: string[];
      attempts: number;
      crashed: boolean;
      bytes: number;
    }[] = await this.returning(
      // LIMIT 0 does not even start the scan for expired leases.
      `WITH "free" AS (${due(`"e"."locked_until" IS NULL`, 'false', '$3')}),
         "expired" AS (${due(`"e"."locked_until" < now() AND NOT ("e"."id" = ANY($5::bigint[]))`, 'true', '$4')}),
         "next" AS (SELECT * FROM "free" UNION ALL SELECT * FROM "expired"
           ORDER BY "crashed" DESC, "next_attempt_at", "id" LIMIT $3),
         "weighed" AS (SELECT *, sum("bytes") OVER (ORDER BY "crashed" DESC, "next_attempt_at", "id") AS "upto" FROM "next"),
         "taken" AS (SELECT * FROM "weighed" WHERE "upto" - "bytes" < $6)
       UPDATE ${TABLE} AS "e" SET "locked_by" = $1, "locked_until" = now() + make_interval(secs => $2),
         "attempts" = "e"."attempts" + "taken"."crashed"::int
       FROM "taken" WHERE "e"."id" = "taken"."id"
       RETURNING "e"."id"::text AS "id", "e"."website_id", "e"."event", "e"."data", "e"."handlers_done",
         "e"."handlers_dead", "e"."attempts", "taken"."crashed", "taken"."bytes",
         (extract(epoch FROM "e"."occurred_at") * 1000)::bigint::text AS "timestamp"`,
      [this.instance, this.config.delivery.leaseSeconds, limit, crashedExcept ? 1 : 0, crashedExcept ?? [], maxBytes],
    );
    return rows
      .map((row) => ({
        id: row.id,
        websiteId: row.website_id,
        event: row.event,
        data: row.data,
        timestamp: Number(row.timestamp),
        handlersDone: row.handlers_done,
        handlersDead: row.handlers_dead,
        attempts: row.attempts,
        crashed: row.crashed,
        bytes: row.bytes,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Keeps this instance's leases on the events it is still running. */
  async renewLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.query(
      `UPDATE ${TABLE} SET "locked_until" = now() + make_interval(secs => $3) WHERE "id" IN (${LEASED_NOT_BUSY})`,
      [ids, this.instance, this.config.delivery.leaseSeconds],
    );
  }

  /** Gives back leases on events this instance will not run after all (shutting down), for another to take now. */
  async releaseLeases(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.query(
      `UPDATE ${TABLE} SET "locked_by" = NULL, "locked_until" = NULL WHERE "id" IN (${LEASED_NOT_BUSY})`,
      [ids, this.instance],
    );
  }

  /**
   * Records how runs ended, in one statement for the whole batch. Only rows this instance still
   * leases are updated: if a lease was lost (a long outage), the instance that took over records its own run.
   * `errors` holds this run's errors, and those of the handlers that gave up for good in earlier runs;
   * `attempt_history` gains this run, in the same statement. `attempts` is set to the run's `attempt`, not
   * incremented: a run that ended with its process was counted when the event was leased again.
   */
  async record(runs: readonly CrispRunRecord[]): Promise<void> {
    if (runs.length === 0) return;
    await this.query(
      `UPDATE ${TABLE} AS "e" SET
         "status" = "r"."status",
         "handlers_done" = "e"."handlers_done" || "r"."done",
         "handlers_dead" = "e"."handlers_dead" || "r"."dead",
         "errors" = CASE WHEN "e"."handlers_dead" = '[]' THEN "r"."errors" ELSE
           COALESCE("r"."errors", '[]') || COALESCE((SELECT jsonb_agg("x") FROM jsonb_array_elements("e"."errors") AS "x"
             WHERE "e"."handlers_dead" ? ("x" ->> 'handler')), '[]') END,
         "attempts" = "r"."attempt",
         "next_attempt_at" = now() + "r"."retry_in_ms" * interval '1 millisecond',
         "locked_by" = NULL,
         "locked_until" = NULL,
         "processed_at" = CASE WHEN "r"."status" = 'failed' THEN NULL ELSE now() END,
         "attempt_history" = ${APPEND_CRISP_ATTEMPT('"e"."attempt_history"')}
       FROM jsonb_to_recordset($1::jsonb) AS "r"("id" bigint, "attempt" int, "status" text, "done" jsonb, "dead" jsonb,
         "failed" jsonb, "errors" jsonb, "retry_in_ms" bigint)
       WHERE "e"."id" = "r"."id" AND "e"."locked_by" = $2`,
      [
        JSON.stringify(
          runs.map((run) => ({
            id: run.id,
            attempt: run.attempt,
            status: run.status,
            done: run.done,
            dead: run.dead,
            failed: run.errors?.map((error) => error.handler) ?? [],
            errors: run.errors,
            retry_in_ms: run.retryInMs,
          })),
        ),
        this.instance,
      ],
    );
  }

  /**
   * Every statement of the queue is safe to repeat (a claim whose answer was lost leaves its rows
   * leased until the lease expires: then they are taken as runs that ended without an outcome, each
   * charged one attempt; the others only touch rows this instance leases), so one whose
   * connection was lost runs again at once on a fresh one instead of waiting for the next poll.
   */
  private query(sql: string, params: unknown[]): Promise<unknown> {
    return onFreshConnectionIfLost(() => this.dataSource.query(sql, params));
  }

  /** Rows an `UPDATE … RETURNING` gave back: `DataSource.query` answers `[rows, count]` for an UPDATE. */
  private returning<T>(sql: string, params: unknown[]): Promise<T[]> {
    return onFreshConnectionIfLost(async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        return (await runner.query(sql, params, true)).records as T[];
      } finally {
        await runner.release();
      }
    });
  }
}
