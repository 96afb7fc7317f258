import type { CrispStoredAttempt } from '../persistence/crisp-attempt-history';
import type { CrispWebhookEventStatus } from '../persistence/crisp-webhook-event-status';
import type { CrispFieldError } from '../validation/validation-errors';

/**
 * Where one handler stands on one event: succeeded (`processed`), failed and retried (`failed`), given
 * up (`dead`), or still to run (`pending`: the event is queued, e.g. after a replay).
 * @publicApi
 */
export type CrispHandlerRunStatus = 'processed' | 'failed' | 'dead' | 'pending';

/** One handler's outcome on one event, with its last error. @publicApi */
export interface CrispHandlerRunSummary {
  /** `Class.method`. */
  readonly handler: string;
  /** Where this handler stands on the event: see `CrispHandlerRunStatus`. */
  readonly status: CrispHandlerRunStatus;
  /** The message of the error of its last failed run; `null` once it succeeded or when it never failed. */
  readonly error: string | null;
}

/** A stored event as `CrispWebhookEventsAdmin.list()` shows it: everything but the payload. @publicApi */
export interface CrispEventSummary {
  /** The row's id: what `get()`, `replay({ ids })` and handlers' `event.id` name the event by. */
  readonly id: string;
  /** The event's name, e.g. `message:send`. */
  readonly event: string;
  /** The Crisp website the event happened in. */
  readonly websiteId: string;
  /** The conversation, for events that belong to one. */
  readonly sessionId: string | null;
  /** Where the delivery stands: see `CrispWebhookEventStatus`. */
  readonly status: CrispWebhookEventStatus;
  /** How many times its handlers were run since it was stored or last replayed. */
  readonly attempts: number;
  /** Crisp's `X-Delivery-Attempt-Count` of the delivery that was stored: above 1, Crisp had retried it. */
  readonly deliveryAttempt: number | null;
  /** When the module stored the delivery. */
  readonly receivedAt: Date;
  /** The envelope's `timestamp`. */
  readonly occurredAt: Date;
  /** When its last run ended `processed` or `dead`; `null` while handlers are to run or retry, and if quarantined. */
  readonly processedAt: Date | null;
  /** When its handlers may next run: a failed event's retry time; else when it was stored, replayed or last run. */
  readonly nextAttemptAt: Date;
  /** Retention dropped its payload: the row, its outcome and its dedup key stay. */
  readonly payloadDropped: boolean;
  /** Each handler's outcome on the event, sorted by handler; empty for a quarantined event, which ran none. */
  readonly handlers: readonly CrispHandlerRunSummary[];
}

/**
 * One run of an event's handlers, as `CrispEventDetail.attemptHistory` lists it: its `attempt_history` entry, with
 * the time as a `Date`.
 * @publicApi
 */
export interface CrispAttemptSummary extends Omit<CrispStoredAttempt, 'at'> {
  /** When its outcome was recorded. */
  readonly at: Date;
}

/** One stored event whole, as `CrispWebhookEventsAdmin.get()` returns it. @publicApi */
export interface CrispEventDetail extends CrispEventSummary {
  /** The payload as Crisp sent it; `null` once retention dropped it. */
  readonly data: unknown;
  /** Why a quarantined (`invalid`) event failed its DTO; `null` for any other status. */
  readonly validationErrors: readonly CrispFieldError[] | null;
  /** The `errors` column as stored: validation errors, or `[{ handler, message }]` of the last failed run. */
  readonly errors: unknown;
  /**
   * Its last runs (up to 20), oldest first, replays included: when each ended and how. No error message (those
   * may hold personal data): the last one of each handler is in `handlers` and `errors`.
   */
  readonly attemptHistory: readonly CrispAttemptSummary[];
}

/** The columns a summary is derived from. @internal */
export interface CrispHandlerColumns {
  readonly status: CrispWebhookEventStatus;
  readonly handlersDone: readonly string[];
  readonly handlersDead: readonly string[];
  readonly errors: unknown;
}

/** The `[{ handler, message }]` entries of the errors column, whatever else it holds. */
function lastErrors(errors: unknown): Map<string, string> {
  const byHandler = new Map<string, string>();
  if (!Array.isArray(errors)) return byHandler;
  for (const entry of errors as unknown[]) {
    const { handler, message } = (entry ?? {}) as { handler?: unknown; message?: unknown };
    if (typeof handler === 'string') byHandler.set(handler, String(message ?? ''));
  }
  return byHandler;
}

/** What a handler that has not succeeded is waiting for, given the event's status. */
const unfinishedStatus = (status: CrispWebhookEventStatus): CrispHandlerRunStatus =>
  status === 'dead' ? 'dead' : status === 'failed' ? 'failed' : 'pending';

/**
 * Each handler's outcome on an event, from what the queue records: `handlers_done` succeeded,
 * `handlers_dead` gave up for good, and the handlers named in `errors` failed on the last run (their
 * fate follows the event's). `subscribed`, when known, adds the handlers of an unfinished event that
 * have not run on it yet. A quarantined event ran no handler. Sorted by handler.
 * @internal
 */
export function crispHandlerRuns(
  { status, handlersDone, handlersDead, errors }: CrispHandlerColumns,
  subscribed: readonly string[] = [],
): CrispHandlerRunSummary[] {
  if (status === 'invalid') return [];
  const runs = new Map<string, CrispHandlerRunSummary>();
  const messages = lastErrors(errors);
  for (const [handler, error] of messages) runs.set(handler, { handler, status: unfinishedStatus(status), error });
  if (status === 'received' || status === 'failed') {
    for (const handler of subscribed) {
      if (!runs.has(handler)) runs.set(handler, { handler, status: 'pending', error: null });
    }
  }
  for (const handler of handlersDead)
    runs.set(handler, { handler, status: 'dead', error: messages.get(handler) ?? null });
  for (const handler of handlersDone) runs.set(handler, { handler, status: 'processed', error: null });
  return [...runs.values()].sort((a, b) => a.handler.localeCompare(b.handler));
}

const names = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];

/**
 * The `attempt_history` column as the admin shows it: dates as `Date`, and anything else than a run the queue
 * recorded left out, so that a row edited by hand cannot break the page.
 * @internal
 */
export function crispAttemptHistory(stored: unknown): CrispAttemptSummary[] {
  if (!Array.isArray(stored)) return [];
  return (stored as unknown[]).flatMap((entry) => {
    const { attempt, at, status, done, failed, dead } = (entry ?? {}) as Record<string, unknown>;
    const when = typeof at === 'string' ? new Date(at) : undefined;
    if (typeof attempt !== 'number' || !when || Number.isNaN(when.getTime())) return [];
    if (status !== 'processed' && status !== 'failed' && status !== 'dead') return [];
    return [{ attempt, at: when, status, done: names(done), failed: names(failed), dead: names(dead) }];
  });
}
