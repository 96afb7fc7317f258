/**
 * One line saying what went wrong, for a log line or a stored `errors` entry: an `Error`'s message, or
 * whatever else was thrown as text (a handler may throw a string, `undefined`, or an object of its own).
 * @internal
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return String(message ?? error);
}
