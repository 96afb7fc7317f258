/** Prefix of every cursor, so that a cursor of another shape (or another version) is refused, not misread. */
const VERSION = 'e1:';

/** The opaque cursor that resumes a listing after the event `id`. @internal */
export const encodeCrispEventCursor = (id: string): string => Buffer.from(VERSION + id).toString('base64url');

/**
 * The id a cursor resumes after. Throws a `RangeError` for a cursor no listing gave.
 * @internal
 */
export function decodeCrispEventCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString();
  const id = text.startsWith(VERSION) ? text.slice(VERSION.length) : '';
  if (!/^[1-9]\d{0,18}$/.test(id) || encodeCrispEventCursor(id) !== cursor) {
    throw new RangeError('cursor is not one a listing gave: pass the next_cursor of the previous page as it is.');
  }
  return id;
}
