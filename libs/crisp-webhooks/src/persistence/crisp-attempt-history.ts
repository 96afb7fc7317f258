import type { CrispWebhookEventStatus } from './crisp-webhook-event-status';

/**
 * How many runs of an event's handlers its row remembers: enough to see a retry schedule and a replay or two,
 * few enough that the row stays small (a few kB at most) however often the event is run.
 * @internal
 */
export const CRISP_ATTEMPT_HISTORY_LENGTH = 20;

/**
 * One run of an event's handlers as its row's `attempt_history` column holds it (the admin API reads it as
 * `CrispAttemptSummary`).
 * @publicApi
 */
export interface CrispStoredAttempt {
  /** Which run of the event's handlers it was since it was stored or last replayed, from 1. */
  readonly attempt: number;
  /** When its outcome was recorded (the database's clock, as `processed_at`). */
  readonly at: string;
  /** What the event became. */
  readonly status: Extract<CrispWebhookEventStatus, 'processed' | 'failed' | 'dead'>;
  /** Handlers that succeeded in this run. */
  readonly done: readonly string[];
  /** Handlers that failed in this run, those that gave up for good (`dead`) included. */
  readonly failed: readonly string[];
  /** Handlers that gave up for good in this run. */
  readonly dead: readonly string[];
}

/**
 * The `attempt_history` column with one run appended, from the record statement's recordset `"r"`: one jsonb
 * expression of the UPDATE that records the run, so remembering it costs no other query. `"r"."failed"` names
 * the failed handlers (from `errors`, in JS: a JSON path per row cost the database measurable CPU); their
 * messages stay out (they may hold personal data). Once full, the
 * oldest run goes as the new one comes, so the column never grows past `CRISP_ATTEMPT_HISTORY_LENGTH`.
 * @internal
 */
export const APPEND_CRISP_ATTEMPT = (history: string) =>
  `(CASE WHEN jsonb_array_length(${history}) < ${CRISP_ATTEMPT_HISTORY_LENGTH} THEN ${history} ELSE ${history} - 0 END)
     || jsonb_build_array(jsonb_build_object('attempt', "r"."attempt", 'at', now(), 'status', "r"."status",
          'done', "r"."done", 'failed', "r"."failed", 'dead', "r"."dead"))`;
