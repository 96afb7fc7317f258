import { crispAttemptHistory, crispHandlerRuns } from './crisp-event-summary';

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

describe('crispAttemptHistory', () => {
  const run = {
    attempt: 1,
    at: '2026-12-02T15:00:00.123456+00:00',
    status: 'failed',
    done: ['A.ok'],
    failed: ['A.ko'],
    dead: [],
  };

  it('reads the runs the queue recorded, oldest first, with their time as a Date', () => {
    expect(
      crispAttemptHistory([run, { ...run, attempt: 2, at: '2026-12-02T15:00:01+00:00', status: 'processed' }]),
    ).toEqual([
      {
        attempt: 1,
        at: new Date('2026-12-02T15:00:00.123Z'),
        status: 'failed',
        done: ['A.ok'],
        failed: ['A.ko'],
        dead: [],
      },
      {
        attempt: 2,
        at: new Date('2026-12-02T15:00:01Z'),
        status: 'processed',
        done: ['A.ok'],
        failed: ['A.ko'],
        dead: [],
      },
    ]);
  });

  it('leaves out what is not a recorded run, and reads a missing list of handlers as none', () => {
    const odd = [null, 'x', { ...run, at: 'yesterday' }, { ...run, attempt: '1' }, { ...run, status: 'received' }];
    expect(crispAttemptHistory([...odd, { attempt: 3, at: run.at, status: 'dead', failed: ['A.ko', 7] }])).toEqual([
      { attempt: 3, at: new Date('2026-12-02T15:00:00.123Z'), status: 'dead', done: [], failed: ['A.ko'], dead: [] },
    ]);
    expect(crispAttemptHistory(null)).toEqual([]);
    expect(crispAttemptHistory({})).toEqual([]);
  });
});
