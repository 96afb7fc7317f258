/**
 * A mistake in how the CLI was called (a bad argument, a missing file, an event that does not exist): printed as
 * its message alone, with no stack trace, and the process exits with 2, as usage errors do.
 * @internal
 */
export class CrispCliUsageError extends Error {
  override readonly name = 'CrispCliUsageError';
}

/** Exit codes: 0 done, 1 the operation failed (database down, event not found, hook refused), 2 a usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
