import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { Client } from 'pg';
import { DURABLE_APP_TABLES_SQL } from './fixtures/durable-app/durable-app.module';
import { type ChildApp, freePorts, startChildApp } from './utils/child-app';
import { distinctHooks, sendHooks } from './utils/load';
import { createTestDatabase, type TestDatabase } from './utils/test-database';
import { waitFor } from './utils/wait-for';

/** `count` distinct session:set_state hooks, whose handler never settles on an app started with HANG=true. */
const hangingHooks = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    JSON.stringify(crispEvent('session:set_state', { data: { session_id: `session_hung_${i}` } })),
  );

/**
 * Handlers awaiting something that never settles (a third-party call without a timeout), more of them
 * than `concurrency`, in an app running in its own process.
 */
describe('Hung handlers (child processes)', () => {
  let database: TestDatabase;
  let db: Client;
  let apps: ChildApp[];

  beforeEach(async () => {
    apps = [];
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query(DURABLE_APP_TABLES_SQL);
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.kill()));
    await db.end();
    await database.drop();
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].count);
  const runsBy = (instance: string, event: string) =>
    count(
      `SELECT count(*) FROM "crisp_test_runs" "r" JOIN "crisp_webhook_events" "e" ON "e"."id" = "r"."event_id"
       WHERE "r"."instance" = $1 AND "e"."event" = $2`,
      [instance, event],
    );
  const start = async (instance: string, delivery: object, env: Record<string, string> = {}) => {
    const [port] = await freePorts(1);
    const app = await startChildApp(
      { DATABASE_URL: database.url, INSTANCE: instance, DELIVERY: JSON.stringify(delivery), ...env },
      port,
    );
    apps.push(app);
    return app;
  };

  it('with 12 hung handlers and concurrency 8, 20 later events are all handled within handlerTimeoutMs + 3 s', async () => {
    const handlerTimeoutMs = 2000;
    const app = await start(
      'hung',
      { concurrency: 8, handlerTimeoutMs, retry: { attempts: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 } },
      { HANG: 'true' },
    );
    expect((await sendHooks(app.url, hangingHooks(12))).every((result) => result.status === 200)).toBe(true);
    // Every slot is taken by a handler that never returns.
    await waitFor(async () => (await runsBy('hung', 'session:set_state')) === 8);

    const started = Date.now();
    expect((await sendHooks(app.url, distinctHooks(20))).every((result) => result.status === 200)).toBe(true);
    await waitFor(async () => (await count(`SELECT count(*) FROM "crisp_test_effects"`)) === 20, 15_000);
    expect(Date.now() - started).toBeLessThanOrEqual(handlerTimeoutMs + 3000);

    // The hung runs were abandoned as failures naming the handler and the timeout, to be retried.
    const abandoned = await db.query<{ status: string; errors: { handler: string; message: string }[] }>(
      `SELECT "status", "errors" FROM "crisp_webhook_events" WHERE "event" = 'session:set_state' AND "attempts" = 1`,
    );
    expect(abandoned.rows.length).toBeGreaterThanOrEqual(8);
    for (const row of abandoned.rows) {
      expect(row.status).toBe('failed');
      expect(row.errors).toEqual([
        { handler: 'FaultHandlers.hang', message: expect.stringContaining(`timeout of ${handlerTimeoutMs} ms`) },
      ]);
    }
  }, 60_000);

  it('SIGTERM with hung handlers: exits within shutdownTimeoutMs + 1 s, answers the hooks in flight, gives the leases back', async () => {
    const shutdownTimeoutMs = 2000;
    // Leases of 60 s: what the other instance runs within seconds was given back, not left to expire.
    const delivery = {
      concurrency: 8,
      shutdownTimeoutMs,
      handlerTimeoutMs: 60_000,
      leaseSeconds: 60,
      storeTimeoutMs: 10_000,
    };
    const first = await start('first', delivery, { HANG: 'true' });
    await start('second', delivery);
    expect((await sendHooks(first.url, hangingHooks(12))).every((result) => result.status === 200)).toBe(true);
    // 8 hung handlers run on the first instance, the 4 other events wait in its memory, all leased to it.
    await waitFor(async () => (await runsBy('first', 'session:set_state')) === 8);
    expect(await count(`SELECT count(*) FROM "crisp_webhook_events" WHERE "locked_until" IS NULL`)).toBe(0);

    // Hooks in flight at SIGTERM: their rows wait on a lock the test holds.
    const lock = new Client({ connectionString: database.url });
    await lock.connect();
    await lock.query(`BEGIN; LOCK TABLE "crisp_webhook_events" IN SHARE MODE`);
    const inFlight = sendHooks(first.url, distinctHooks(5), { concurrency: 5 });
    await waitFor(
      async () =>
        (await count(
          `SELECT count(*) FROM pg_stat_activity
           WHERE "datname" = current_database() AND "wait_event_type" = 'Lock' AND "query" LIKE 'INSERT%'`,
        )) > 0,
    );
    const signalled = Date.now();
    const exited = first.kill('SIGTERM').then(() => Date.now() - signalled);
    // The rows are let through once the shutdown has begun, so they are stored and answered during it.
    await waitFor(async () => first.output().includes('STOPPING\n'));
    await lock.query('COMMIT');
    await lock.end();

    const answers = await inFlight;
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await exited).toBeLessThanOrEqual(shutdownTimeoutMs + 1000);
    const stopped = Date.now();
    // Stored first: every hook answered is in the table, and the second instance handles it.
    const ids = answers.map((answer) => answer.id);
    expect(await count(`SELECT count(*) FROM "crisp_webhook_events" WHERE "id" = ANY($1::bigint[])`, [ids])).toBe(5);

    // The leases of the 12 unfinished events were given back: the second instance runs them at once.
    await waitFor(async () => (await runsBy('second', 'session:set_state')) === 12, 10_000);
    expect(Date.now() - stopped).toBeLessThan(5000);
    await waitFor(async () => (await count(`SELECT count(*) FROM "crisp_test_effects"`)) === 5, 10_000);
    await waitFor(
      async () => (await count(`SELECT count(*) FROM "crisp_webhook_events" WHERE "status" = 'processed'`)) === 17,
    );
    // Given back, not crashed: the run the first instance did not finish is not counted.
    expect(await count(`SELECT count(*) FROM "crisp_webhook_events" WHERE "attempts" = 1`)).toBe(17);
    expect(first.output()).not.toMatch(/ended without an outcome/);
  }, 60_000);
});
