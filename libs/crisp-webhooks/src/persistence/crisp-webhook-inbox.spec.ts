import type { CrispWebhooksConfig } from '../interfaces';
import { type CrispDeliveryRecord, CrispWebhookInbox } from './crisp-webhook-inbox';

const record = (n: number): CrispDeliveryRecord => ({
  websiteId: 'website',
  event: 'message:send',
  data: { session_id: 'session' },
  timestamp: n,
  status: 'received',
  errors: null,
  dedupKey: Buffer.alloc(32, n),
  deliveryAttempt: null,
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
    // One multi-row INSERT for deliveries 3 and 4: eleven parameters each.
    expect(inserts[2]).toHaveLength(22);
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
});
