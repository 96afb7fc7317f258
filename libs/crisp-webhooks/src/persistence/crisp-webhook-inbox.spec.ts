import { Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { CrispWebhooksConfig } from '../interfaces';
import { type CrispDeliveryRecord, CrispStoreTimeoutError, CrispWebhookInbox } from './crisp-webhook-inbox';

const record = (n: number): CrispDeliveryRecord => ({
  websiteId: 'website',
  event: 'message:send',
  data: { session_id: 'session' },
  timestamp: n,
  status: 'received',
  errors: null,
  dedupKey: Buffer.alloc(32, n),
  deliveryAttempt: null,
  rawBody: null,
  lease: true,
});

/** A data source whose writers answer only when the test says so, recording each INSERT's parameters. */
function slowDataSource() {
  const answers: (() => void)[] = [];
  const inserts: unknown[][] = [];
  const writer = {
    query: jest.fn((_sql: string, params: unknown[]) => {
      inserts.push(params);
      return new Promise<unknown[]>((resolve) => answers.push(() => resolve([])));
    }),
    release: jest.fn(() => Promise.resolve()),
  };
  return { dataSource: { createQueryRunner: () => writer }, inserts, answers };
}

describe('CrispWebhookInbox', () => {
  const config = { delivery: { storeTimeoutMs: 40, leaseSeconds: 30 } } as CrispWebhooksConfig;
  // The store timeout runs on the fake clock, so a loaded machine never makes it fire on its own.
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes on two connections at most; the deliveries arriving meanwhile share the next INSERT', async () => {
    const { dataSource, inserts, answers } = slowDataSource();
    const inbox = new CrispWebhookInbox(dataSource as never, config, 'instance');
    const first = inbox.store(record(1));
    await new Promise((resolve) => setImmediate(resolve));
    const second = inbox.store(record(2));
    await new Promise((resolve) => setImmediate(resolve));
    const others = [inbox.store(record(3)), inbox.store(record(4))];
    await new Promise((resolve) => setImmediate(resolve));
    expect(inserts).toHaveLength(2);
    answers.shift()!();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(inserts).toHaveLength(3);
    // One multi-row INSERT for deliveries 3 and 4: thirteen parameters each.
    expect(inserts[2]).toHaveLength(26);
    answers.splice(0).forEach((answer) => answer());
    await Promise.all([second, ...others]);
  });

  it('answers a delivery that waited past storeTimeoutMs with an error, and never writes it afterwards', async () => {
    const { dataSource, inserts, answers } = slowDataSource();
    const inbox = new CrispWebhookInbox(dataSource as never, config, 'instance');
    const written = [inbox.store(record(1))];
    await new Promise((resolve) => setImmediate(resolve));
    written.push(inbox.store(record(2)));
    await new Promise((resolve) => setImmediate(resolve));
    const late = inbox.store(record(3));
    jest.advanceTimersByTime(40);
    await expect(late).rejects.toThrow('not stored within 40 ms');
    answers.splice(0).forEach((answer) => answer());
    await Promise.all(written.map((store) => store.catch(() => undefined)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(inserts).toHaveLength(2);
  });

  describe('connections that die', () => {
    const lost = () => new QueryFailedError('INSERT …', [], new Error('Connection terminated unexpectedly'));

    /** Writers whose INSERTs answer in turn with `outcomes` (an error, or rows), each on its own writer. */
    function writers(outcomes: (Error | { id: string; key: string }[])[]) {
      const made: { isReleased: boolean; queries: number; release: jest.Mock }[] = [];
      const dataSource = {
        createQueryRunner: () => {
          const writer = {
            isReleased: false,
            queries: 0,
            query: jest.fn(async () => {
              writer.queries++;
              const outcome = outcomes.shift() ?? lost();
              if (outcome instanceof Error) throw outcome;
              return outcome;
            }),
            release: jest.fn(async () => void (writer.isReleased = true)),
          };
          made.push(writer);
          return writer;
        },
      };
      return { dataSource, made };
    }
    const row = (n: number) => ({ id: String(n), key: Buffer.alloc(32, n).toString('hex') });

    it('writes a batch whose connection was lost again on a fresh connection, at once', async () => {
      const { dataSource, made } = writers([lost(), [row(1)]]);
      const inbox = new CrispWebhookInbox(dataSource as never, config, 'instance');
      await expect(inbox.store(record(1))).resolves.toEqual({ id: '1' });
      expect(made.map((writer) => [writer.queries, writer.isReleased])).toEqual([
        [1, true],
        [1, false],
      ]);
      expect(warn).not.toHaveBeenCalled();
    });

    it('does not write on a kept connection that died while idle', async () => {
      const { dataSource, made } = writers([[row(1)], [row(2)]]);
      const inbox = new CrispWebhookInbox(dataSource as never, config, 'instance');
      await inbox.store(record(1));
      // What TypeORM does when the idle client emits `error`: it releases the query runner.
      made[0].isReleased = true;
      await expect(inbox.store(record(2))).resolves.toEqual({ id: '2' });
      expect(made.map((writer) => writer.queries)).toEqual([1, 1]);
    });

    /** The error a store rejects with, caught at once so that the fake clock may run past it. */
    const failureOf = (store: Promise<unknown>) =>
      store.then(
        () => undefined,
        (error: unknown) => error,
      );

    it('answers with the lost connection as the cause once storeTimeoutMs passes, logged once per episode', async () => {
      const { dataSource } = writers([]);
      const inbox = new CrispWebhookInbox(dataSource as never, config, 'instance');
      const failures = [failureOf(inbox.store(record(1))), failureOf(inbox.store(record(2)))];
      await jest.advanceTimersByTimeAsync(40);
      for (const failure of failures) {
        expect(await failure).toEqual(expect.any(CrispStoreTimeoutError));
        expect(await failure).toMatchObject({ failure: 'connection' });
      }
      const third = failureOf(inbox.store(record(3)));
      await jest.advanceTimersByTimeAsync(40);
      expect(await third).toMatchObject({ failure: 'connection' });
      expect(warn.mock.calls).toEqual([
        [
          expect.stringMatching(
            /^Crisp hooks answered 503: the connection to the database was lost .*Connection terminated unexpectedly/,
          ),
        ],
      ]);
    });

    it('logs that hooks are stored again once one is, and a new episode afresh', async () => {
      const outcomes: (Error | { id: string; key: string }[])[] = [];
      const { dataSource } = writers(outcomes);
      const inbox = new CrispWebhookInbox(dataSource as never, config, 'instance');
      const first = failureOf(inbox.store(record(1)));
      await jest.advanceTimersByTimeAsync(40);
      expect(await first).toMatchObject({ message: 'not stored within 40 ms' });
      // The first batch's retries stop once its delivery timed out; the database is back.
      await jest.advanceTimersByTimeAsync(500);
      outcomes.push([row(2)]);
      await expect(inbox.store(record(2))).resolves.toEqual({ id: '2' });
      expect(log.mock.calls).toEqual([['Crisp hooks are stored again.']]);
      const third = failureOf(inbox.store(record(3)));
      await jest.advanceTimersByTimeAsync(40);
      expect(await third).toMatchObject({ failure: 'connection' });
      expect(warn).toHaveBeenCalledTimes(2);
    });
  });
});
