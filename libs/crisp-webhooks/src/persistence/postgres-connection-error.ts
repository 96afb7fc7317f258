import { QueryFailedError } from 'typeorm';

/** A SQLSTATE as PostgreSQL reports it (five digits or capitals); Node's error codes are longer or lack `severity`. */
const SQLSTATE = /^[0-9A-Z]{5}$/;
/**
 * SQLSTATEs of a connection going away rather than of a statement: class 08 (connection exception),
 * 57P01-57P03 (the server shut down, crashed, or does not accept connections yet), 53300 (too many
 * connections, as while a pooler restarts).
 */
const CONNECTION_SQLSTATE = /^(?:08...|57P0[1-3]|53300)$/;
/** What the driver says when a connection broke or could not be made (pg's texts, TypeORM's released runner). */
const CONNECTION_MESSAGE = /connect|terminated|timeout|socket|not queryable|already released/i;

/**
 * Whether a statement failed because its connection did (dropped, reset, refused, timed out, the
 * server going away), rather than because of the statement or its values: the same statement on a
 * fresh connection may succeed.
 * @internal
 */
export function isPostgresConnectionError(error: unknown): boolean {
  const cause = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: unknown; severity?: unknown; syscall?: unknown; message?: unknown } | undefined;
  if (cause === null || typeof cause !== 'object') return false;
  if (typeof cause.code === 'string' && SQLSTATE.test(cause.code) && typeof cause.severity === 'string') {
    return CONNECTION_SQLSTATE.test(cause.code);
  }
  return typeof cause.syscall === 'string' || CONNECTION_MESSAGE.test(String(cause.message));
}

/**
 * Runs a statement, and once more when its connection was lost: the pool has dropped the client that
 * failed, so the second run gets a fresh connection. For statements that are safe to repeat.
 * @internal
 */
export async function onFreshConnectionIfLost<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isPostgresConnectionError(error)) throw error;
    return run();
  }
}
