import { QueryFailedError } from 'typeorm';
import { isPostgresRowError } from './postgres-row-error';

const failed = (code: string | undefined) =>
  new QueryFailedError('INSERT …', [], Object.assign(new Error('refused'), code === undefined ? {} : { code }));

describe('isPostgresRowError', () => {
  it.each(['22003', '22007', '23502', '23514'])('is true for SQLSTATE %s (a row the database refuses)', (code) => {
    expect(isPostgresRowError(failed(code))).toBe(true);
  });

  it.each(['08006', '57014', '40001', '53300', undefined])(
    'is false for SQLSTATE %s (the database, not a row)',
    (code) => {
      expect(isPostgresRowError(failed(code))).toBe(false);
    },
  );

  it('is false for errors that did not come from a query', () => {
    expect(isPostgresRowError(Object.assign(new Error('connect ECONNREFUSED'), { code: '23505' }))).toBe(false);
    expect(isPostgresRowError(undefined)).toBe(false);
  });
});
