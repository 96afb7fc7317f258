import { QueryFailedError } from 'typeorm';
import { isPostgresConnectionError, onFreshConnectionIfLost } from './postgres-connection-error';

/** An error as pg reports one from the server: a SQLSTATE and a severity. */
const fromServer = (code: string) => Object.assign(new Error(`server error ${code}`), { code, severity: 'ERROR' });
const failed = (driverError: Error) => new QueryFailedError('INSERT …', [], driverError);

describe('isPostgresConnectionError', () => {
  it.each([
    ['a connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' })],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect' }),
    ],
    ['a broken pipe', Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' })],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
    ['a client that failed before', new Error('Client has encountered a connection error and is not queryable')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a server shutting down (57P01)', fromServer('57P01')],
    ['a connection exception (08006)', fromServer('08006')],
    ['too many connections (53300)', fromServer('53300')],
  ])('is true for %s, wrapped by TypeORM or not', (_label, error) => {
    expect(isPostgresConnectionError(error)).toBe(true);
    expect(isPostgresConnectionError(failed(error))).toBe(true);
  });

  it.each([
    ['a value out of range (22003)', fromServer('22003')],
    ['a unique violation (23505)', fromServer('23505')],
    ['a missing table (42P01)', fromServer('42P01')],
    ['a programming error', new TypeError('cannot read properties of undefined')],
    ['a value that is not an error', 'nope'],
  ])('is false for %s', (_label, error) => {
    expect(isPostgresConnectionError(error)).toBe(false);
    if (error instanceof Error) expect(isPostgresConnectionError(failed(error))).toBe(false);
  });
});

describe('onFreshConnectionIfLost', () => {
  it('runs a statement whose connection was lost once more, and gives its result', async () => {
    const outcomes = [() => Promise.reject(new Error('Connection terminated unexpectedly')), () => Promise.resolve(7)];
    await expect(onFreshConnectionIfLost(() => outcomes.shift()!())).resolves.toBe(7);
    expect(outcomes).toEqual([]);
  });

  it('does not repeat a statement the database refused, nor one that lost its connection twice', async () => {
    let runs = 0;
    const refused = fromServer('23505');
    await expect(onFreshConnectionIfLost(() => (runs++, Promise.reject(refused)))).rejects.toBe(refused);
    expect(runs).toBe(1);
    runs = 0;
    const lost = new Error('Connection terminated unexpectedly');
    await expect(onFreshConnectionIfLost(() => (runs++, Promise.reject(lost)))).rejects.toBe(lost);
    expect(runs).toBe(2);
  });
});
