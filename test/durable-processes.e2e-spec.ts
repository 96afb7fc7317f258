import { Client } from 'pg';
import { DURABLE_APP_TABLES_SQL } from './fixtures/durable-app/durable-app.module';
import { type ChildApp, freePorts, startChildApp } from './utils/child-app';
import { distinctHooks, type HookResult, sendHooks } from './utils/load';
import { createTestDatabase, type TestDatabase } from './utils/test-database';
import { waitFor } from './utils/wait-for';

describe('Durable delivery across processes', () => {
  let database: TestDatabase;
  let db: Client;
  let ports: number[];

  beforeEach(async () => {
    ports = await freePorts(2);
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query(DURABLE_APP_TABLES_SQL);
  });
  afterEach(async () => {
    await db.end();
    await database.drop();
  });

  const count = async (sql: string) => Number((await db.query(sql)).rows[0].count);
  const allProcessed = (total: number) =>
    waitFor(
      async () => (await count(`SELECT count(*) FROM "crisp_webhook_events" WHERE "status" = 'processed'`)) === total,
      30_000,
    );
  const ids = (results: HookResult[]) => results.filter((result) => result.id).map((result) => result.id!);

  it('a process killed with SIGKILL mid-load loses nothing it acknowledged: the restarted one finishes', async () => {
    const env = { DATABASE_URL: database.url, INSTANCE: 'first', HANDLER_DELAY_MS: '5' };
    let app = await startChildApp(env, ports[0]);
    const bodies = distinctHooks(800);
    let killed: Promise<void> | undefined;
    const results = await sendHooks(app.url, bodies, {
      concurrency: 20,
      onAnswer: (done) => {
        if (done === 300) killed = app.kill('SIGKILL');
      },
    });
    await killed;
    // Only these may see a handler run twice: a success recorded before the kill is never run again.
    const unfinishedAtKill = await count(`SELECT count(*) FROM "crisp_webhook_events" WHERE "status" <> 'processed'`);
    const acknowledged = ids(results);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(results.some((result) => result.status === 0)).toBe(true);

    app = await startChildApp({ ...env, INSTANCE: 'second' }, ports[0]);
    try {
      // Crisp retries what got no answer; what was stored but unanswered comes back as a duplicate.
      const retried = await sendHooks(
        app.url,
        results.filter((result) => result.status !== 200).map((result) => bodies[result.index]),
      );
      expect(retried.every((result) => result.status === 200)).toBe(true);
      await allProcessed(800);
    } finally {
      await app.kill('SIGTERM');
    }
    const stored = (await db.query(`SELECT "id"::text AS "id" FROM "crisp_webhook_events"`)).rows.map((r) => r.id);
    expect(stored).toHaveLength(800);
    for (const id of acknowledged) expect(stored).toContain(id);
    // Every event's effect exactly once, whatever the re-runs of events in flight at the kill.
    expect(await count(`SELECT count(*) FROM "crisp_test_effects"`)).toBe(800);
    const reruns = await count(
      `SELECT count(*) FROM (SELECT "event_id" FROM "crisp_test_runs" GROUP BY "event_id" HAVING count(*) > 1) AS "r"`,
    );
    expect(reruns).toBeLessThanOrEqual(unfinishedAtKill);
  }, 120_000);

  it('two processes on one database each run different events: every handler once, none twice', async () => {
    const apps: ChildApp[] = [];
    // One after the other, so that only the first runs the migrations.
    for (const [i, port] of ports.entries()) {
      apps.push(
        await startChildApp({ DATABASE_URL: database.url, INSTANCE: `instance-${i}`, HANDLER_DELAY_MS: '2' }, port),
      );
    }
    try {
      // Events a crashed instance left behind, not leased by anyone: both running instances compete for them.
      await db.query(`
        INSERT INTO "crisp_webhook_events" ("website_id", "event", "data", "occurred_at", "status", "dedup_key", "session_key")
        SELECT 'w', 'message:send', jsonb_build_object('website_id', 'w', 'session_id', 's', 'type', 'text',
                 'content', 'left over', 'from', 'user', 'origin', 'chat', 'fingerprint', n, 'timestamp', n),
               now(), 'received', sha256(n::text::bytea), 'w:s'
        FROM generate_series(1, 300) AS n`);
      const bodies = distinctHooks(600);
      const halves = [bodies.filter((_, i) => i % 2 === 0), bodies.filter((_, i) => i % 2 === 1)];
      const results = await Promise.all(apps.map((app, i) => sendHooks(app.url, halves[i], { concurrency: 25 })));
      expect(results.flat().every((result) => result.status === 200)).toBe(true);
      await allProcessed(900);
    } finally {
      await Promise.all(apps.map((app) => app.kill('SIGTERM')));
    }
    expect(await count(`SELECT count(*) FROM "crisp_test_runs"`)).toBe(900);
    expect(await count(`SELECT count(DISTINCT "event_id") FROM "crisp_test_runs"`)).toBe(900);
    const byInstance = (await db.query(`SELECT "instance", count(*) FROM "crisp_test_runs" GROUP BY "instance"`)).rows;
    expect(byInstance).toHaveLength(2);
  }, 120_000);

  it('a handler that outlives its lease runs once: the lease is renewed while a second instance competes', async () => {
    // Handlers of 14 s on leases of 5 s (the fixture's shortest safe lease: event loops here stall for a second
    // or two), well within the handlers' timeout. The second instance looks for lapsed leases every 5 s:
    // without renewal it takes each event over between 5 and 10 s, and runs it again.
    const env = {
      DATABASE_URL: database.url,
      HANDLER_DELAY_MS: '14000',
      DELIVERY: JSON.stringify({ leaseSeconds: 5 }),
    };
    const apps: ChildApp[] = [];
    for (const [i, port] of ports.entries())
      apps.push(await startChildApp({ ...env, INSTANCE: `instance-${i}` }, port));
    let results: HookResult[];
    const holders = new Set<string>();
    try {
      results = await sendHooks(apps[0].url, distinctHooks(3));
      expect(results.every((result) => result.status === 200)).toBe(true);
      await waitFor(async () => {
        const rows = (await db.query(`SELECT "status", "locked_by" FROM "crisp_webhook_events"`)).rows;
        for (const row of rows) if (row.locked_by) holders.add(row.locked_by);
        return holders.size > 1 || rows.every((row) => row.status === 'processed');
      }, 40_000);
      // Time for a second run to show, had one started.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await Promise.all(apps.map((app) => app.kill('SIGTERM')));
    }
    // Held by the first instance only, from its store to its record.
    expect(holders.size).toBe(1);
    const runs = (await db.query(`SELECT "event_id"::text AS "id", "instance" FROM "crisp_test_runs"`)).rows;
    expect(runs.map((run) => run.id).sort()).toEqual(ids(results).sort());
    expect(runs.every((run) => run.instance === 'instance-0')).toBe(true);
    expect(await count(`SELECT count(*) FROM "crisp_webhook_events" WHERE "status" = 'processed'`)).toBe(3);
  }, 60_000);
});
