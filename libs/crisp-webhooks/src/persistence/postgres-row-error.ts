import { QueryFailedError } from 'typeorm';

/**
 * Whether PostgreSQL refused a statement because of the values of a row: SQLSTATE classes 22 (data
 * exception: out of range, bad format) and 23 (integrity constraint violation). Writing the other
 * rows of the batch again would succeed, unlike after a connection error or a timeout. Made for
 * `GroupCommit`'s `isItemError`.
 *
 * @publicApi
 */
export const isPostgresRowError = (error: unknown): boolean =>
  error instanceof QueryFailedError && /^2[23]/.test(String((error.driverError as { code?: unknown })?.code));
