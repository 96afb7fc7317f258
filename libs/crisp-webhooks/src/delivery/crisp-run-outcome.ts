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

/**
 * When an event is done with: `processed` once no handler failed; else `failed`, run again after the
 * backoff of this attempt (1-based), or `dead` when this was the last one the retry policy allows.
 * @internal
 */
export function runRecordOf(
  id: string,
  result: CrispRunResult,
  attempt: number,
  retry: CrispDeliveryConfig['retry'],
  random: () => number = Math.random,
): CrispRunRecord {
  const outcomes = 'outcomes' in result ? result.outcomes : [];
  const done = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.handler);
  const errors =
    'outcomes' in result
      ? outcomes
          .filter((outcome) => !outcome.ok)
          .map(({ handler, error }) => ({ handler, message: describeError(error) }))
      : [{ handler: 'EventEmitter2', message: describeError(result.emitError) }];
  if (errors.length === 0) return { id, status: 'processed', done, errors: null, retryInMs: 0 };
  if (attempt >= retry.attempts) return { id, status: 'dead', done, errors, retryInMs: 0 };
  return { id, status: 'failed', done, errors, retryInMs: retryDelayMs(attempt, retry, random) };
}
