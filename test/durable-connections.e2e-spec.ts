import { CountingHandlers } from './fixtures/counting-handlers';
import { distinctHooks, sendHooks } from './utils/load';
import { startTcpProxy, type TcpProxy } from './utils/tcp-proxy';
import { startHostApp, type StoredEventRow, type TestApp } from './utils/test-app';
import { TEST_SERVER_URL } from './utils/test-database';
import { waitFor } from './utils/wait-for';

/**
 * Short leases, fast polls and retries, so that faults heal within a test. A store timeout far above
 * the default: on a loaded machine a delivery may wait its turn for seconds, and what is tested here
 * is that a lost connection is replaced, which without the fix answers 503 at once, whatever the timeout.
 */
const FAST_DELIVERY = {
  leaseSeconds: 2,
  pollIntervalMs: 50,
  retry: { attempts: 5, baseDelayMs: 20, maxDelayMs: 100 },
  storeTimeoutMs: 10_000,
};

const processed = (t: TestApp, count: number) =>
  waitFor(async () => {
    const rows = await t.events().catch(() => [] as StoredEventRow[]);
    return rows.length === count && rows.every((row) => row.status === 'processed') && rows;
  }, 20_000);

/**
 * Connections cut while the database stays reachable, as a failover, a pooler restart or a cloud
 * proxy's idle timeout do: deliveries are written again on fresh connections, never answered 503.
 */
describe('Connections to PostgreSQL cut, the database back at once (TCP proxy)', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let handlers: CountingHandlers;
  let url: string;

  beforeAll(async () => {
    const server = new URL(TEST_SERVER_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    t = await startHostApp({ providers: [CountingHandlers], viaPort: proxy.port, crisp: { delivery: FAST_DELIVERY } });
    handlers = t.app.get(CountingHandlers);
    url = await t.listen();
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });
  beforeEach(async () => {
    await t.db.query(`TRUNCATE "crisp_webhook_events"`);
    handlers.steadyRuns.clear();
    handlers.flakyRuns.clear();
  });

  it('answers 2xx to the next deliveries after every connection was cut while idle, and handles each once', async () => {
    const warm = await sendHooks(url, distinctHooks(40), { concurrency: 10 });
    expect(warm.every((result) => result.status === 200)).toBe(true);
    await processed(t, 40);

    proxy.cut();
    proxy.restore();
    const after = await sendHooks(url, distinctHooks(40, 1000), { concurrency: 10 });
    expect(after.map((result) => result.status)).toEqual(Array(40).fill(200));
    const rows = await processed(t, 80);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set([...warm, ...after].map((result) => result.id)));
    expect([...handlers.steadyRuns.values()]).toEqual(Array(80).fill(1));
    expect(t.logs.matching('Crisp hooks answered 503')).toEqual([]);
  }, 60_000);

  it('answers 2xx to every delivery made after a cut under load; each 2xx is stored and handled once', async () => {
    const bodies = distinctHooks(600, 5000);
    const concurrency = 20;
    // Requests with an index from here on were sent after the cut and the restore.
    let madeAfter = Infinity;
    const results = await sendHooks(url, bodies, {
      concurrency,
      onAnswer: (done) => {
        if (done !== 150) return;
        proxy.cut();
        proxy.restore();
        madeAfter = done + concurrency;
      },
    });
    expect(madeAfter).toBe(170);
    const late = results.filter((result) => result.index >= madeAfter);
    expect(late.filter((result) => result.status !== 200)).toEqual([]);
    // Those in flight at the cut are written again too; whether they make it is not asserted, only the later ones.
    const acknowledged = results.filter((result) => result.status === 200);
    const rows = await waitFor(async () => {
      const stored = await t.events();
      return stored.length >= acknowledged.length && stored.every((row) => row.status === 'processed') && stored;
    }, 20_000);
    // A delivery whose row was committed just before its connection died is answered as a duplicate by the
    // attempt on the fresh connection (no id): it is stored all the same, and found by its fingerprint.
    const fingerprints = new Set(rows.map((row) => row.data.fingerprint));
    for (const { index } of acknowledged) expect(fingerprints.has(1_005_000 + index)).toBe(true);
    expect(rows.map((row) => handlers.steadyRuns.get(row.id))).toEqual(Array(rows.length).fill(1));
  }, 60_000);
});
