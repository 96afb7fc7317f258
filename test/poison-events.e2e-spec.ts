import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { Client } from 'pg';
import { DURABLE_APP_TABLES_SQL } from './fixtures/durable-app/durable-app.module';
import { freePorts, superviseChildApp, type SupervisedApp } from './utils/child-app';
import { sendHooks } from './utils/load';
import { createTestDatabase, type TestDatabase } from './utils/test-database';
import { waitFor } from './utils/wait-for';

const ATTEMPTS = 3;
/** Leases of 1 s, so that a dead process's events are taken over as soon as the next start polls. */
const DELIVERY = {
  leaseSeconds: 1,
  pollIntervalMs: 100,
  retry: { attempts: ATTEMPTS, baseDelayMs: 50, maxDelayMs: 200 },
};

describe('A poison event: its handler kills the process (a supervisor restarts it each time)', () => {
  let database: TestDatabase;
  let db: Client;
  let app: SupervisedApp | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query(DURABLE_APP_TABLES_SQL);
  });
  afterEach(async () => {
    await app?.stop();
    await db.end();
    await database.drop();
  });

  it(`ends dead after ${ATTEMPTS} deaths, while 100 other events are all handled and none acknowledged is lost`, async () => {
    const [port] = await freePorts(1);
    app = superviseChildApp({ DATABASE_URL: database.url, DELIVERY: JSON.stringify(DELIVERY) }, port);
    const others = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify(
        crispEvent('message:send', {
          data: { session_id: `session_other_${i}`, fingerprint: 3_000_000 + i, content: `other ${i}` },
          timestamp: 1_700_000_000_000 + i,
        }),
      ),
    );
    const poison = JSON.stringify(crispEvent('session:set_email', { data: { session_id: 'session_poison' } }));
    // The poison event among the others, so that some are in flight when it kills the process.
    const bodies = [...others.slice(0, 50), poison, ...others.slice(50)];

    // Delivered as a sender that retries does: what got no 2xx is sent again to the next start.
    const acknowledged = new Set<number>();
    while (acknowledged.size < bodies.length) {
      const url = await app.up();
      const pending = bodies.map((_, i) => i).filter((i) => !acknowledged.has(i));
      const results = await sendHooks(
        url,
        pending.map((i) => bodies[i]),
        { concurrency: 10 },
      );
      for (const result of results) if (result.status === 200) acknowledged.add(pending[result.index]);
      expect(results.every((result) => result.status === 200 || result.status === 0)).toBe(true);
    }

    const rows = async () =>
      (
        await db.query<{
          event: string;
          status: string;
          attempts: number;
          errors: { handler: string }[] | null;
          attempt_history: { attempt: number; status: string; failed: string[] }[];
        }>(
          `SELECT "event", "status", "attempts", "errors", "attempt_history" FROM "crisp_webhook_events" ORDER BY "id"`,
        )
      ).rows;
    const settled = await waitFor(async () => {
      const all = await rows();
      const done = all.filter((row) => row.status === 'processed' || row.status === 'dead');
      return all.length === 101 && done.length === 101 && all;
    }, 45_000);

    const poisonRow = settled.find((row) => row.event === 'session:set_email')!;
    expect(poisonRow).toMatchObject({ status: 'dead', attempts: ATTEMPTS });
    expect(poisonRow.errors).toEqual([
      { handler: 'CrispWebhooksWorker', message: expect.stringContaining('ended without an outcome') },
    ]);
    // Its runs recorded nothing but the last, given up without running.
    expect(poisonRow.attempt_history).toEqual([
      expect.objectContaining({ attempt: ATTEMPTS, status: 'dead', failed: ['CrispWebhooksWorker'] }),
    ]);
    expect(app.deaths()).toBe(ATTEMPTS);
    // The others, in flight at a death or not: all handled, each charged at most the one run it shared with it.
    const handled = settled.filter((row) => row.event === 'message:send');
    expect(handled).toHaveLength(100);
    expect(handled.every((row) => row.status === 'processed' && row.attempts <= 2)).toBe(true);
    expect(Number((await db.query(`SELECT count(*) FROM "crisp_test_effects"`)).rows[0].count)).toBe(100);
    expect(app.outputs().join('\n')).toMatch(/Crisp event #\d+ \(session:set_email\) is dead/);

    // Dead, it kills no more starts.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(app.deaths()).toBe(ATTEMPTS);
  }, 120_000);
});
