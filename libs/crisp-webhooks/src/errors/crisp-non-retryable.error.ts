/**
 * Thrown by a handler that will never succeed on this event, whatever the retries: a refused request
 * (Crisp answering 400, 401, 403 or 404), data the handler cannot use. The handler is recorded in the
 * event's `handlers_dead` and not run again by retries; the event's other handlers are unaffected, and
 * once none is left to retry the event is `dead` with the error. A replay may run it again.
 *
 * @example
 * if (response.status === 404) throw new CrispNonRetryableError('conversation deleted', { cause: error });
 * @publicApi
 */
export class CrispNonRetryableError extends Error {
  /**
   * Always `'CrispNonRetryableError'`: recognisable by name in logs, and where `instanceof` fails across copies of the
   * package.
   */
  override readonly name = 'CrispNonRetryableError';
}
