import { CrispNonRetryableError } from '../errors/crisp-non-retryable.error';
import { describeError } from '../errors/describe-error';
import type { CrispDeliveryConfig } from '../interfaces';
import type { CrispRunRecord } from '../persistence/crisp-webhook-queue';
import type { CrispHandlerOutcome } from './crisp-handler-outcome';

/**
 * What one run of an event's handlers gave: each handler's outcome, or the error the emit itself
 * rejected with (a host's own `@OnEvent('crisp.…', { suppressErrors: false })` listener threw).
 * @internal
 */
export type CrispRunResult = { readonly outcomes: readonly CrispHandlerOutcome[] } | { readonly emitError: unknown };

/**
 * Backoff before retry number `attempt` (1 for the first retry): doubles from `baseDelayMs` up to
 * `maxDelayMs`, then a random part of the second half is dropped ("equal jitter"), so the events
 * that failed together (a dependency that was down) do not all come back at the same instant.
 * @internal
 */
export function retryDelayMs(
  attempt: number,
  { baseDelayMs, maxDelayMs }: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  // The exponent is capped so that a huge attempt count cannot make 0 * Infinity = NaN.
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(Math.max(0, attempt - 1), 52));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** What else `runRecordOf` weighs. @internal */
export interface CrispRunRecordOptions {
  /** Whether a handler of the event gave up on it for good in an earlier run: it can end `dead` at best. */
  readonly gaveUpBefore?: boolean;
  /** The jitter's source. */
  readonly random?: () => number;
}

/**
 * What becomes of an event after a run of its handlers (`attempt`, 1-based): `processed` once no
 * handler failed. A handler that threw `CrispNonRetryableError` is dead: never run again on this
 * event. The event is `dead` once no failed handler is left to retry (and one gave up), or this was
 * the last attempt the retry policy allows; else `failed`, run again after the backoff of this attempt.
 * @internal
 */
export function runRecordOf(
  id: string,
  result: CrispRunResult,
  attempt: number,
  retry: CrispDeliveryConfig['retry'],
  { gaveUpBefore = false, random = Math.random }: CrispRunRecordOptions = {},
): CrispRunRecord {
  const outcomes = 'outcomes' in result ? result.outcomes : [];
  const failures = outcomes.filter((outcome) => !outcome.ok);
  const done = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.handler);
  const dead = failures.filter(({ error }) => error instanceof CrispNonRetryableError).map(({ handler }) => handler);
  const errors =
    'outcomes' in result
      ? failures.map(({ handler, error }) => ({ handler, message: describeError(error) }))
      : [{ handler: 'EventEmitter2', message: describeError(result.emitError) }];
  const record = { id, done, dead, errors, retryInMs: 0 };
  // No error of this run: the errors of the handlers that gave up earlier stay on the row.
  if (errors.length === 0) return { ...record, status: gaveUpBefore ? 'dead' : 'processed', errors: null };
  if (errors.length === dead.length || attempt >= retry.attempts) return { ...record, status: 'dead' };
  return { ...record, status: 'failed', retryInMs: retryDelayMs(attempt, retry, random) };
}

/**
 * How one handler's run ended, as the metrics count it: `dead` when the handler will not run on this event
 * again (it threw `CrispNonRetryableError`, or the event is `dead`: this was its last attempt), `failed`
 * when it will be retried. @internal
 */
export type CrispHandlerRunOutcome = 'succeeded' | 'failed' | 'dead';

/** The outcome of `outcome`'s run, in the run `record` decided. @internal */
export function handlerRunOutcomeOf(outcome: CrispHandlerOutcome, record: CrispRunRecord): CrispHandlerRunOutcome {
  if (outcome.ok) return 'succeeded';
  return record.status === 'dead' || record.dead.includes(outcome.handler) ? 'dead' : 'failed';
}
