import { crispHandlerRuns } from './crisp-event-summary';

const columns = { handlersDone: [], handlersDead: [], errors: null };

describe('crispHandlerRuns', () => {
  it('derives each handler from handlers_done, handlers_dead and the last errors, sorted', () => {
    expect(
      crispHandlerRuns({
        status: 'failed',
        handlersDone: ['B.ok'],
        handlersDead: ['C.gaveUp'],
        errors: [
          { handler: 'C.gaveUp', message: 'no such conversation' },
          { handler: 'A.flaky', message: 'timeout' },
        ],
      }),
    ).toEqual([
      { handler: 'A.flaky', status: 'failed', error: 'timeout' },
      { handler: 'B.ok', status: 'processed', error: null },
      { handler: 'C.gaveUp', status: 'dead', error: 'no such conversation' },
    ]);
  });

  it('follows the event: a failed handler of a dead event is dead, of a replayed one pending', () => {
    const errors = [{ handler: 'A.x', message: 'boom' }];
    expect(crispHandlerRuns({ ...columns, status: 'dead', errors })).toEqual([
      { handler: 'A.x', status: 'dead', error: 'boom' },
    ]);
    expect(crispHandlerRuns({ ...columns, status: 'received', errors })).toEqual([
      { handler: 'A.x', status: 'pending', error: 'boom' },
    ]);
  });

  it('lists the subscribed handlers that have not run on an unfinished event, not on a finished one', () => {
    expect(crispHandlerRuns({ ...columns, status: 'received', handlersDone: ['A.done'] }, ['A.done', 'B.new'])).toEqual(
      [
        { handler: 'A.done', status: 'processed', error: null },
        { handler: 'B.new', status: 'pending', error: null },
      ],
    );
    expect(crispHandlerRuns({ ...columns, status: 'processed' }, ['B.new'])).toEqual([]);
  });

  it('a quarantined event ran no handler: its errors are validation errors', () => {
    const errors = [{ path: 'data.fingerprint', messages: ['must be an integer'] }];
    expect(crispHandlerRuns({ ...columns, status: 'invalid', errors }, ['A.x'])).toEqual([]);
  });

  it('ignores errors entries that name no handler', () => {
    expect(crispHandlerRuns({ ...columns, status: 'failed', errors: [null, 'text', { message: 'm' }] })).toEqual([]);
  });
});
