import { CrispNonRetryableError } from '../errors/crisp-non-retryable.error';
import { CrispHandlerOutcome } from './crisp-handler-outcome';
import { crashedRunRecordOf, handlerRunOutcomeOf, retryDelayMs, runRecordOf } from './crisp-run-outcome';

const RETRY = { baseDelayMs: 1000, maxDelayMs: 60_000 };
/** Jitter drawn at the top of its range: the delay is the ceiling itself. */
const highest = () => 1 - Number.EPSILON;
const lowest = () => 0;

describe('retryDelayMs', () => {
  it('waits baseDelayMs before the first retry (at most; at least half of it)', () => {
    expect(retryDelayMs(1, RETRY, highest)).toBe(1000);
    expect(retryDelayMs(1, RETRY, lowest)).toBe(500);
  });

  it('doubles the ceiling at every attempt', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, RETRY, highest))).toEqual([
      1000, 2000, 4000, 8000, 16_000,
    ]);
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, RETRY, lowest))).toEqual([
      500, 1000, 2000, 4000, 8000,
    ]);
  });

  it('never exceeds maxDelayMs, however many attempts', () => {
    expect(retryDelayMs(7, RETRY, highest)).toBe(60_000);
    expect(retryDelayMs(7, RETRY, lowest)).toBe(30_000);
    expect(retryDelayMs(60, RETRY, highest)).toBe(60_000);
    expect(retryDelayMs(5000, RETRY, highest)).toBe(60_000);
  });

  it('draws the jitter within [ceiling / 2, ceiling], from the random source given', () => {
    for (const attempt of [1, 2, 3, 6, 7, 20]) {
      const ceiling = Math.min(RETRY.maxDelayMs, RETRY.baseDelayMs * 2 ** (attempt - 1));
      for (const draw of [0, 0.1, 0.25, 0.5, 0.75, 0.999]) {
        const delay = retryDelayMs(attempt, RETRY, () => draw);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
        expect(delay).toBe(Math.round(ceiling / 2 + draw * (ceiling / 2)));
      }
    }
  });

  it('uses Math.random by default, staying within the range', () => {
    for (let draw = 0; draw < 200; draw++) {
      const delay = retryDelayMs(3, RETRY);
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it('stays a number for huge attempt counts, even with no base delay (0 * 2^1100 would be NaN)', () => {
    expect(retryDelayMs(1100, { baseDelayMs: 0, maxDelayMs: 1000 }, highest)).toBe(0);
    expect(retryDelayMs(1100, RETRY, highest)).toBe(60_000);
  });

  it('treats an attempt below 1 as the first retry', () => {
    expect(retryDelayMs(0, RETRY, highest)).toBe(1000);
    expect(retryDelayMs(-3, RETRY, highest)).toBe(1000);
  });

  it('waits no time when baseDelayMs or maxDelayMs is 0', () => {
    expect(retryDelayMs(4, { baseDelayMs: 0, maxDelayMs: 60_000 }, highest)).toBe(0);
    expect(retryDelayMs(4, { baseDelayMs: 1000, maxDelayMs: 0 }, highest)).toBe(0);
  });

  it('caps at maxDelayMs even when it is below baseDelayMs', () => {
    expect(retryDelayMs(1, { baseDelayMs: 10_000, maxDelayMs: 3000 }, highest)).toBe(3000);
  });
});

describe('runRecordOf', () => {
  const POLICY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 };
  const half = () => 0.5;
  const ok = (handler: string) => new CrispHandlerOutcome(handler, true);
  const failed = (handler: string, error: unknown) => new CrispHandlerOutcome(handler, false, error);

  it('is processed when every handler succeeded, with each of them done', () => {
    expect(runRecordOf('1', { outcomes: [ok('A.first'), ok('A.second')] }, 1, POLICY, { random: half })).toEqual({
      id: '1',
      attempt: 1,
      status: 'processed',
      done: ['A.first', 'A.second'],
      dead: [],
      errors: null,
      retryInMs: 0,
    });
  });

  it('is processed when no handler ran at all (none left, or none subscribed)', () => {
    expect(runRecordOf('1', { outcomes: [] }, 1, POLICY, { random: half })).toMatchObject({
      status: 'processed',
      done: [],
    });
  });

  it('is failed when a handler threw, keeping the others done, with its message and the backoff of this attempt', () => {
    const record = runRecordOf(
      '1',
      { outcomes: [ok('A.first'), failed('A.second', new Error('crm down'))] },
      1,
      POLICY,
      { random: half },
    );
    expect(record).toEqual({
      id: '1',
      attempt: 1,
      status: 'failed',
      done: ['A.first'],
      dead: [],
      errors: [{ handler: 'A.second', message: 'crm down' }],
      retryInMs: retryDelayMs(1, POLICY, half),
    });
    expect(record.retryInMs).toBe(8);
  });

  it('backs off longer at each attempt', () => {
    const result = { outcomes: [failed('A.second', new Error('crm down'))] };
    expect([1, 2].map((attempt) => runRecordOf('1', result, attempt, POLICY, { random: half }).retryInMs)).toEqual([
      8, 15,
    ]);
  });

  it('is dead at the last attempt the policy allows, with the last errors and no retry', () => {
    expect(
      runRecordOf('3', { outcomes: [failed('A.second', new Error('still down'))] }, 3, POLICY, { random: half }),
    ).toEqual({
      id: '3',
      attempt: 3,
      status: 'dead',
      done: [],
      dead: [],
      errors: [{ handler: 'A.second', message: 'still down' }],
      retryInMs: 0,
    });
    expect(runRecordOf('3', { outcomes: [failed('A.second', 'x')] }, 4, POLICY, { random: half }).status).toBe('dead');
  });

  it('says what was thrown when it is not an Error', () => {
    expect(runRecordOf('1', { outcomes: [failed('A.first', 'plain')] }, 1, POLICY, { random: half }).errors).toEqual([
      { handler: 'A.first', message: 'plain' },
    ]);
  });

  it('records a handler that threw CrispNonRetryableError dead, and retries the others', () => {
    const outcomes = [
      ok('A.first'),
      failed('A.second', new CrispNonRetryableError('conversation deleted')),
      failed('A.third', new Error('timeout')),
    ];
    expect(runRecordOf('1', { outcomes }, 1, POLICY, { random: half })).toEqual({
      id: '1',
      attempt: 1,
      status: 'failed',
      done: ['A.first'],
      dead: ['A.second'],
      errors: [
        { handler: 'A.second', message: 'conversation deleted' },
        { handler: 'A.third', message: 'timeout' },
      ],
      retryInMs: 8,
    });
  });

  it('is dead at once when no failed handler is left to retry, whatever the attempts left', () => {
    const outcomes = [ok('A.first'), failed('A.second', new CrispNonRetryableError('refused: 403'))];
    expect(runRecordOf('1', { outcomes }, 1, POLICY, { random: half })).toEqual({
      id: '1',
      attempt: 1,
      status: 'dead',
      done: ['A.first'],
      dead: ['A.second'],
      errors: [{ handler: 'A.second', message: 'refused: 403' }],
      retryInMs: 0,
    });
  });

  it('is dead, not processed, when the handlers left all succeed but one gave up in an earlier run', () => {
    expect(runRecordOf('1', { outcomes: [ok('A.flaky')] }, 2, POLICY, { gaveUpBefore: true })).toEqual({
      id: '1',
      attempt: 2,
      status: 'dead',
      done: ['A.flaky'],
      dead: [],
      errors: null,
      retryInMs: 0,
    });
  });

  it('is failed, as EventEmitter2, when the emit itself rejected', () => {
    expect(runRecordOf('1', { emitError: new Error('host listener exploded') }, 1, POLICY, { random: half })).toEqual({
      id: '1',
      attempt: 1,
      status: 'failed',
      done: [],
      dead: [],
      errors: [{ handler: 'EventEmitter2', message: 'host listener exploded' }],
      retryInMs: 8,
    });
  });
});

describe('crashedRunRecordOf', () => {
  const POLICY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 };

  it('runs the event again while the run that ended with its process was not the last one allowed', () => {
    expect(crashedRunRecordOf('9', 1, POLICY)).toBeUndefined();
    expect(crashedRunRecordOf('9', 2, POLICY)).toBeUndefined();
  });

  it('is dead, with that count of attempts and an error saying why, once it was the last one', () => {
    expect(crashedRunRecordOf('9', 3, POLICY)).toEqual({
      id: '9',
      attempt: 3,
      status: 'dead',
      done: [],
      dead: [],
      errors: [{ handler: 'CrispWebhooksWorker', message: expect.stringContaining('ended without an outcome') }],
      retryInMs: 0,
    });
    const [{ message }] = crashedRunRecordOf('9', 3, POLICY)!.errors!;
    expect(message).toContain('process.exit');
    expect(message).toContain('run 3 of the 3 retry.attempts allows');
  });

  it('is dead past the last one too (the policy lowered since)', () => {
    expect(crashedRunRecordOf('9', 5, POLICY)).toMatchObject({ status: 'dead', attempt: 5 });
  });

  it('is dead after a single crashed run when the policy allows one run', () => {
    expect(crashedRunRecordOf('9', 1, { ...POLICY, attempts: 1 })).toMatchObject({ status: 'dead', attempt: 1 });
  });
});

describe('handlerRunOutcomeOf', () => {
  const RETRIES = { attempts: 3, ...RETRY };
  const ok = new CrispHandlerOutcome('A.ok', true);
  const flaky = new CrispHandlerOutcome('A.flaky', false, new Error('timeout'));
  const refused = new CrispHandlerOutcome('A.refused', false, new CrispNonRetryableError('no such user'));
  const recordOf = (attempt: number, ...outcomes: CrispHandlerOutcome[]) =>
    runRecordOf('1', { outcomes }, attempt, RETRIES, { random: lowest });

  it('is succeeded for a handler that succeeded, whatever became of the event', () => {
    expect(handlerRunOutcomeOf(ok, recordOf(1, ok, flaky))).toBe('succeeded');
    expect(handlerRunOutcomeOf(ok, recordOf(3, ok, flaky))).toBe('succeeded');
  });

  it('is failed for a failure that will be retried', () => {
    expect(handlerRunOutcomeOf(flaky, recordOf(1, ok, flaky))).toBe('failed');
    expect(handlerRunOutcomeOf(flaky, recordOf(2, flaky, refused))).toBe('failed');
  });

  it("is dead for a failure on the event's last attempt", () => {
    expect(handlerRunOutcomeOf(flaky, recordOf(3, ok, flaky))).toBe('dead');
  });

  it('is dead for a handler that gave up for good, even while the event is retried for another one', () => {
    const record = recordOf(1, flaky, refused);
    expect(record.status).toBe('failed');
    expect(handlerRunOutcomeOf(refused, record)).toBe('dead');
  });
});
