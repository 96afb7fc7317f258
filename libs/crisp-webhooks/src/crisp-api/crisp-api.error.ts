import { CrispNonRetryableError } from '../errors/crisp-non-retryable.error';

/**
 * A call to Crisp's REST API that failed, from `crisp-api`'s rejection (a plain object, not an `Error`). It
 * holds what Crisp answered, never the request's credentials.
 *
 * @publicApi
 */
export class CrispApiError extends Error {
  /**
   * Always `'CrispApiError'`: recognisable by name in logs, and where `instanceof` fails across copies of the package.
   */
  override readonly name = 'CrispApiError';

  constructor(
    /** What was being done, e.g. `send a message into conversation session_…`. */
    readonly action: string,
    /** The HTTP status Crisp answered, or `null` when no answer came (network error, timeout). */
    readonly status: number | null,
    /** Crisp's `reason`, e.g. `not_found`, `invalid_data`; `request_error` when no answer came. */
    readonly reason: string,
    /** Crisp's explanation, e.g. `data should have required property '.origin'`. */
    readonly detail: string,
  ) {
    super(`Crisp API could not ${action}: ${status ?? 'no answer'} ${reason}${detail ? ` (${detail})` : ''}`);
  }

  /** Whether trying again later may succeed; see `isRetryableCrispStatus`. */
  get retryable(): boolean {
    return isRetryableCrispStatus(this.status);
  }
}

/**
 * Whether a call Crisp answered with `status` may succeed when tried again: no answer, 408, rate limits (420,
 * 429, which Crisp lifts with time) and server errors (5xx) are; any other 4xx (400 `invalid_data`, 401 and
 * 403 for the token, 404 for a conversation that is gone) will fail the same way every time.
 *
 * @publicApi
 */
export function isRetryableCrispStatus(status: number | null): boolean {
  return status === null || status === 408 || status === 420 || status === 429 || status >= 500;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * Reads a rejection of `crisp-api` as a `CrispApiError`. `crisp-api` rejects with
 * `{ reason: 'error', message: <Crisp's reason>, code: <status>, data: { namespace, message } }`, where a
 * `namespace` of `request` means no answer came (it reports those as `code: 500`).
 *
 * @publicApi
 */
export function toCrispApiError(rejection: unknown, action: string): CrispApiError {
  if (rejection instanceof CrispApiError) return rejection;
  if (rejection instanceof Error) return new CrispApiError(action, null, 'request_error', rejection.message);
  const failure = (rejection ?? {}) as {
    message?: unknown;
    code?: unknown;
    data?: { namespace?: unknown; message?: unknown };
  };
  const answered = failure.data?.namespace !== 'request' && typeof failure.code === 'number';
  return new CrispApiError(
    action,
    answered ? (failure.code as number) : null,
    answered ? textOf(failure.message) || 'http_error' : 'request_error',
    textOf(failure.data?.message),
  );
}

/**
 * What a handler should throw for a rejection of `crisp-api`: the `CrispApiError` when trying again may
 * help (the worker retries it with its backoff), else a `CrispNonRetryableError` whose `cause` is the
 * `CrispApiError`, so that the handler gives up on the event at once instead of using up its attempts.
 *
 * @example
 * await this.crisp.website.getConversation(websiteId, sessionId).catch((rejection) => {
 *   throw crispApiFailure(rejection, 'read the conversation');
 * });
 * @publicApi
 */
export function crispApiFailure(rejection: unknown, action: string): CrispApiError | CrispNonRetryableError {
  const error = toCrispApiError(rejection, action);
  return error.retryable ? error : new CrispNonRetryableError(error.message, { cause: error });
}
