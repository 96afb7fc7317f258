/**
 * Whether a value is a promise or acts as one: `validateSync` does not wait for such a constraint answer, and
 * class-transformer awaits such a value, so the hook path's shortcuts leave both to the libraries.
 * @internal
 */
export const isThenable = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
