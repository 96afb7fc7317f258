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
  const config = {
    bodyLimit: 1024 * 1024,
    delivery: { storeTimeoutMs: 40, leaseSeconds: 30, preparedStatements: false },
  } as CrispWebhooksConfig;
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
    // One INSERT for deliveries 3 and 4: their rows in one JSON parameter.
    expect(JSON.parse(inserts[2][0] as string)).toMatchObject([{ occurred_at: 3 }, { occurred_at: 4 }]);
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

  describe('named statements (delivery.preparedStatements)', () => {
    /** A writer on node-postgres: its query runner's `connect()` gives the pg client. */
    function nodePostgres(driver?: object) {
      const client = {
        query: jest.fn(async (_statement: { values: unknown[] }) => ({ rows: [] as { id: string; key: string }[] })),
      };
      const writer = {
        isReleased: false,
        connect: jest.fn(async () => client),
        query: jest.fn(async () => []),
        release: jest.fn(async () => undefined),
      };
      const dataSource = { options: { type: 'postgres', driver }, createQueryRunner: () => writer };
      return { dataSource, client, writer };
    }
    const prepared = { ...config, delivery: { ...config.delivery, preparedStatements: true } } as CrispWebhooksConfig;

    it('sends every batch as the same named statement, to the pg client', async () => {
      const { dataSource, client, writer } = nodePostgres();
      const inbox = new CrispWebhookInbox(dataSource as never, prepared, 'instance');
      await inbox.store(record(1));
      await Promise.all([inbox.store(record(2)), inbox.store(record(3))]);
      const statements = client.query.mock.calls.map(
        ([statement]: unknown[]) => statement as { name: string; text: string },
      );
      expect(statements.map(({ name }) => name)).toEqual([
        'crisp_webhooks_inbox_insert',
        'crisp_webhooks_inbox_insert',
      ]);
      expect(new Set(statements.map(({ text }) => text)).size).toBe(1);
      expect(writer.query).not.toHaveBeenCalled();
    });

    it("sends the text alone when turned off, or to a driver of the DataSource's own (PGlite)", async () => {
      for (const [options, driver] of [[config], [prepared, { Pool: class {} }]] as const) {
        const { dataSource, client, writer } = nodePostgres(driver);
        await new CrispWebhookInbox(dataSource as never, options, 'instance').store(record(1));
        expect(client.query).not.toHaveBeenCalled();
        expect(writer.query).toHaveBeenCalledWith(expect.stringContaining('json_to_recordset'), expect.any(Array));
      }
    });

    it('reports a refused row as TypeORM does, so that only its delivery fails', async () => {
      const { dataSource, client } = nodePostgres();
      // Delivery 1's row is refused, in its batch and alone.
      client.query.mockImplementation(async ({ values }: { values: unknown[] }) => {
        const rows = JSON.parse(values[0] as string) as { occurred_at: number }[];
        if (rows.some((row) => row.occurred_at === 1)) {
          throw Object.assign(new Error('value too long'), { code: '22001' });
        }
        return { rows: [{ id: '2', key: Buffer.alloc(32, 2).toString('hex') }] };
      });
      const inbox = new CrispWebhookInbox(dataSource as never, prepared, 'instance');
      const [first, second] = await Promise.allSettled([inbox.store(record(1)), inbox.store(record(2))]);
      expect(first).toMatchObject({ status: 'rejected', reason: expect.any(QueryFailedError) });
      expect(second).toEqual({ status: 'fulfilled', value: { id: '2' } });
      expect(warn.mock.calls).toEqual([[expect.stringContaining('22001')]]);
    });
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
