import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { CountingHandlers } from './fixtures/counting-handlers';
import { GatedHandlers } from './fixtures/gated-handlers';
import { distinctHooks, type HookResult, sendHooks } from './utils/load';
import { startTcpProxy, type TcpProxy } from './utils/tcp-proxy';
import { startHostApp, type StoredEventRow, type TestApp } from './utils/test-app';
import { TEST_SERVER_URL } from './utils/test-database';
import { waitFor } from './utils/wait-for';

/** Short leases, fast polls and retries, so that faults heal within a test. */
const FAST_DELIVERY = {
  leaseSeconds: 2,
  pollIntervalMs: 50,
  retry: { attempts: 5, baseDelayMs: 20, maxDelayMs: 100 },
};

const finished = (t: TestApp, count: number) =>
  waitFor(async () => {
    const rows = await t.events().catch(() => [] as StoredEventRow[]);
    return rows.length === count && rows.every((row) => row.status === 'processed' || row.status === 'dead') && rows;
  }, 20_000);

const counts = (runs: Map<string, number>) => [...runs.values()];

describe('Handlers that fail: retried with backoff, only the failed ones, then dead', () => {
  let t: TestApp;
  let handlers: CountingHandlers;

  beforeAll(async () => {
    t = await startHostApp({ providers: [CountingHandlers], crisp: { delivery: FAST_DELIVERY } });
    handlers = t.app.get(CountingHandlers);
  });
  afterAll(() => t.close());

  it('re-runs a handler that throws its first 2 runs until it succeeds, never the one that succeeded', async () => {
    handlers.flakyFailures = 2;
    const bodies = distinctHooks(20);
    for (const body of bodies) await t.post(body).expect(200);
    const rows = await finished(t, 20);
    expect(rows.map((row) => row.status)).toEqual(Array(20).fill('processed'));
    expect(rows.map((row) => row.attempts)).toEqual(Array(20).fill(3));
    expect(counts(handlers.flakyRuns)).toEqual(Array(20).fill(3));
    expect(counts(handlers.steadyRuns)).toEqual(Array(20).fill(1));
    // Each failure is logged once, with the handler and the event's id.
    for (const row of rows) expect(t.logs.matching('CountingHandlers.flaky failed', `#${row.id} `)).toHaveLength(2);
  });

  it('marks an event dead with the last error after the last attempt, and later events are not held up', async () => {
    const doomed = await t.post(crispEvent('message:removed')).expect(200);
    handlers.flakyFailures = 0;
    const after = await t.post(distinctHooks(1, 500)[0]).expect(200);
    await waitFor(async () => {
      const rows = await t.events();
      return rows.find((row) => row.id === doomed.body.id)?.status === 'dead' && rows;
    }, 10_000);
    const rows = await t.events();
    expect(rows.find((row) => row.id === after.body.id)?.status).toBe('processed');
    expect(rows.find((row) => row.id === doomed.body.id)).toMatchObject({
      status: 'dead',
      attempts: 5,
      errors: [{ handler: 'CountingHandlers.doomed', message: 'doomed handler always fails' }],
    });
    expect(t.logs.matching('CountingHandlers.doomed failed', `#${doomed.body.id} `)).toHaveLength(5);
  });
});

describe('handlersBeforeAnswer', () => {
  let t: TestApp;
  let handlers: CountingHandlers;

  beforeAll(async () => {
    t = await startHostApp({
      providers: [CountingHandlers],
      crisp: { delivery: { ...FAST_DELIVERY, handlersBeforeAnswer: true } },
    });
    handlers = t.app.get(CountingHandlers);
  });
  afterAll(() => t.close());

  it('answers 200 once every handler has run', async () => {
    const response = await t.post(distinctHooks(1)[0]).expect(200);
    expect(handlers.steadyRuns.get(response.body.id)).toBe(1);
    expect(handlers.flakyRuns.get(response.body.id)).toBe(1);
  });

  it('answers 500 when a handler fails; the event is stored and only the failed handler is retried', async () => {
    handlers.flakyFailures = 1;
    const response = await t.post(distinctHooks(1, 100)[0]).expect(500);
    expect(response.body.errors).toEqual([{ handler: 'CountingHandlers.flaky', message: 'flaky failure 1' }]);
    const [row] = (await finished(t, 2)).filter((stored) => stored.id === response.body.id);
    expect(row).toMatchObject({ status: 'processed', attempts: 2 });
    expect(handlers.flakyRuns.get(row.id)).toBe(2);
    expect(handlers.steadyRuns.get(row.id)).toBe(1);
    // Crisp's retry of the same hook is a duplicate: stored and handled once.
    await t.post(distinctHooks(1, 100)[0]).expect(200, { ok: true, duplicate: true });
  });
});

describe('orderBySession', () => {
  let t: TestApp;
  let handlers: CountingHandlers;

  beforeAll(async () => {
    t = await startHostApp({
      providers: [CountingHandlers],
      // A retry comes 200-400 ms later: far more than the few ms conversation B needs for its three events.
      crisp: { delivery: { ...FAST_DELIVERY, orderBySession: true, retry: { baseDelayMs: 400, maxDelayMs: 400 } } },
    });
    handlers = t.app.get(CountingHandlers);
  });
  afterAll(() => t.close());

  it("runs each conversation's events one at a time in stored order, other conversations not waiting", async () => {
    const update = (session: string, fingerprint: number) =>
      crispEvent('message:updated', { data: { session_id: session, fingerprint } });
    for (const [session, fingerprint] of [
      ['A', 1],
      ['B', 1],
      ['A', 2],
      ['B', 2],
      ['A', 3],
      ['B', 3],
    ] as const) {
      await t.post(update(session, fingerprint)).expect(200);
    }
    await finished(t, 6);
    const of = (session: string) => handlers.order.filter((entry) => entry.startsWith(`${session}:`));
    expect(of('A')).toEqual(['A:1 failed', 'A:1', 'A:2', 'A:3']);
    expect(of('B')).toEqual(['B:1', 'B:2', 'B:3']);
    // B did not wait for A's retry.
    expect(handlers.order.indexOf('B:3')).toBeLessThan(handlers.order.indexOf('A:1'));
  });
});

describe('maxBufferedBytes: events past the byte budget wait in the database', () => {
  let t: TestApp;
  let handlers: GatedHandlers;

  beforeAll(async () => {
    t = await startHostApp({
      providers: [GatedHandlers],
      crisp: { delivery: { ...FAST_DELIVERY, maxBufferedBytes: 50_000 } },
    });
    handlers = t.app.get(GatedHandlers);
  });
  afterAll(() => t.close());

  it('holds about the budget in memory while handlers are slow, stores the rest unleased, and runs it all later', async () => {
    // About 20 KB each: the budget holds two, and a third taken while under it.
    const hooks = Array.from({ length: 10 }, (_, i) =>
      crispEvent('message:send', {
        data: { session_id: `session_budget_${i}`, content: `${i} ${'x'.repeat(20_000)}` },
      }),
    );
    for (const hook of hooks) await t.post(hook).expect(200);
    await waitFor(async () => handlers.active === 3);
    const leases = (await t.db.query(
      `SELECT count(*) FILTER (WHERE "locked_by" IS NOT NULL)::int AS "held", count(*)::int AS "stored" FROM "crisp_webhook_events"`,
    )) as { held: number; stored: number }[];
    expect(leases).toEqual([{ held: 3, stored: 10 }]);
    // Polls come every 50 ms: none of them takes more while the budget is spent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(handlers.active).toBe(3);
    handlers.open();
    const rows = await finished(t, 10);
    expect(rows.every((row) => row.status === 'processed')).toBe(true);
    expect(handlers.handled.size).toBe(10);
    expect(handlers.maxActive).toBe(3);
  });
});

describe('Leases renewed beside the outcomes being written', () => {
  let t: TestApp;
  let handlers: GatedHandlers;

  beforeAll(async () => {
    t = await startHostApp({ providers: [GatedHandlers], crisp: { delivery: FAST_DELIVERY } });
    handlers = t.app.get(GatedHandlers);
  });
  afterAll(() => t.close());

  const leaseOf = async (id: string) =>
    (
      (await t.db.query(`SELECT "locked_until" FROM "crisp_webhook_events" WHERE "id" = $1`, [id])) as {
        locked_until: Date;
      }[]
    )[0].locked_until.getTime();

  it('renews the leases of running events while another transaction writes one of their rows, without waiting', async () => {
    // A renewal that waited for a row another statement holds, while that one waits for a row the renewal
    // holds (an outcome's record locks several rows too), is a deadlock, and PostgreSQL fails one of them.
    const ids: string[] = [];
    for (const hook of distinctHooks(2)) ids.push((await t.post(hook).expect(200)).body.id);
    await waitFor(async () => handlers.active === 2);
    const writer = t.db.createQueryRunner();
    await writer.startTransaction();
    try {
      await writer.query(`SELECT 1 FROM "crisp_webhook_events" WHERE "id" = $1 FOR UPDATE`, [ids[0]]);
      const before = await leaseOf(ids[1]);
      // Polls renew every 50 ms: the other event's lease moves on while the first one's row is held.
      await waitFor(async () => (await leaseOf(ids[1])) > before, 3000);
    } finally {
      await writer.rollbackTransaction();
      await writer.release();
    }
    handlers.open();
    const rows = await finished(t, 2);
    expect(rows.map((row) => row.status)).toEqual(['processed', 'processed']);
  });
});

describe('Database cut mid-load (TCP proxy between the app and PostgreSQL)', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let handlers: CountingHandlers;

  beforeAll(async () => {
    const server = new URL(TEST_SERVER_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    t = await startHostApp({ providers: [CountingHandlers], viaPort: proxy.port, crisp: { delivery: FAST_DELIVERY } });
    handlers = t.app.get(CountingHandlers);
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  it('answers 503 with Retry-After within 2 s while it is down, loses nothing acknowledged, and recovers', async () => {
    const url = await t.listen();
    const bodies = distinctHooks(600);
    let restored: Promise<void> | undefined;
    const results = await sendHooks(url, bodies, {
      concurrency: 20,
      onAnswer: (done) => {
        if (done !== 200) return;
        proxy.cut();
        restored = new Promise((resolve) => setTimeout(resolve, 1500)).then(() => proxy.restore());
      },
    });
    await restored;
    const statuses = new Set(results.map((result) => result.status));
    expect([...statuses].sort()).toEqual([200, 503]);
    const refused = results.filter((result) => result.status === 503);
    expect(refused.every((result) => result.retryAfter === '5')).toBe(true);
    expect(Math.max(...results.map((result) => result.ms))).toBeLessThan(2000);

    // Crisp retries what was refused, as many times as it takes (bounded); the app recovers by itself.
    const retried: HookResult[] = [];
    let pending = refused.map((result) => result.index);
    for (let round = 0; round < 10 && pending.length > 0; round++) {
      const answers = await sendHooks(
        url,
        pending.map((index) => bodies[index]),
      );
      retried.push(...answers.filter((answer) => answer.status === 200));
      pending = pending.filter((_, i) => answers[i].status !== 200);
      if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(pending).toEqual([]);

    const rows = await finished(t, 600);
    const acknowledged = new Set([...results, ...retried].filter((result) => result.id).map((result) => result.id));
    expect(rows.map((row) => row.status)).toEqual(Array(600).fill('processed'));
    for (const result of results.filter((r) => r.status === 200))
      expect(rows.some((row) => row.id === result.id)).toBe(true);
    expect(acknowledged.size + retried.filter((result) => !result.id).length).toBe(600);
    expect(handlers.steadyRuns.size).toBe(600);
    expect(new Set(counts(handlers.steadyRuns))).toEqual(new Set([1]));
    expect(new Set(counts(handlers.flakyRuns))).toEqual(new Set([1]));
  }, 60_000);
});
