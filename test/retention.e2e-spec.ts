import { CrispWebhookRetention } from 'nestjs-crisp-webhooks';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { distinctHooks, sendHooks } from './utils/load';
import { startHostApp, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const bodyOf = (event: Parameters<typeof crispEvent>[0], n: number) =>
  JSON.stringify(crispEvent(event, { timestamp: 1_700_000_000_000 + n }));

describe('Retention', () => {
  let t: TestApp;

  afterEach(() => t.close());
  const databaseUrl = () => (t.db.options as { url: string }).url;

  /** Sets how long ago a stored event was received, and its status; a failed one waits an hour for its retry (not run during the test). */
  const age = (id: string, days: number, status?: string) =>
    t.db.query(
      `UPDATE "crisp_webhook_events" SET "received_at" = now() - make_interval(days => $2), "status" = coalesce($3, "status"), "next_attempt_at" = now() + interval '1 hour' WHERE "id" = $1`,
      [id, days, status ?? null],
    );

  /** Runs `work` while the test holds the lock retention rounds take, so none runs meanwhile. */
  const withRetentionLock = async (work: () => Promise<void>) => {
    const holder = new Client({ connectionString: databaseUrl() });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock(hashtext('nestjs-crisp-webhooks:retention'))`);
      await work();
    } finally {
      await holder.end();
    }
  };

  it('deletes old finished events by status and family, drops old payloads, keeps dead, unfinished and leased ones', async () => {
    t = await startHostApp({
      crisp: { retention: { every: '1s', payload: '7d', events: { 'message:*': { processed: '365d' } } } },
    });
    const post = async (body: string) =>
      (await t.post(body).expect((r) => expect(r.status).toBeLessThan(300))).body.id as string;
    const oldSession = bodyOf('session:set_state', 1);
    const ids = {
      oldSession: await post(oldSession),
      oldMessage: await post(bodyOf('message:send', 2)),
      recentSession: await post(bodyOf('session:set_nickname', 3)),
      freshSession: await post(bodyOf('session:set_subject', 4)),
      oldDead: await post(bodyOf('session:set_phone', 5)),
      oldInvalid: await post(JSON.stringify({ ...crispEvent('message:send'), data: { content: 1 } })),
      oldFailed: await post(bodyOf('session:set_avatar', 6)),
      oldLeased: await post(bodyOf('session:set_origin', 7)),
    };
    await t.settled();
    // Aged while holding the retention lock, so that one round sees every row as the test left it.
    await withRetentionLock(async () => {
      await age(ids.oldSession, 40);
      await age(ids.oldMessage, 40);
      // An altered delivery keeps its exact bytes, which hold the same personal data as its payload.
      await t.db.query(`UPDATE "crisp_webhook_events" SET "raw_body" = $2, "altered" = true WHERE "id" = $1`, [
        ids.oldMessage,
        Buffer.from(bodyOf('message:send', 2)),
      ]);
      await age(ids.recentSession, 10);
      await age(ids.oldDead, 400, 'dead');
      await age(ids.oldInvalid, 31);
      await age(ids.oldFailed, 40, 'failed');
      await age(ids.oldLeased, 40);
      // A leased event, being run by a live instance.
      await t.db.query(`UPDATE "crisp_webhook_events" SET "locked_until" = now() + interval '1 hour' WHERE "id" = $1`, [
        ids.oldLeased,
      ]);
    });

    // The line is logged once the round is over, payloads included.
    await waitFor(async () => t.logs.matching('Retention: deleted').length > 0);
    const rows = await t.events();
    const byId = new Map(rows.map((row) => [row.id, row as typeof row & { payload_dropped_at: Date | null }]));
    expect([...byId.keys()]).toEqual([
      ids.oldMessage,
      ids.recentSession,
      ids.freshSession,
      ids.oldDead,
      ids.oldFailed,
      ids.oldLeased,
    ]);
    // Payloads of processed events past 7 days are dropped; the row, its outcome and its dedup key stay.
    for (const id of [ids.oldMessage, ids.recentSession]) {
      expect(byId.get(id)).toMatchObject({ data: null, raw_body: null, status: 'processed' });
      expect(byId.get(id)!.payload_dropped_at).toBeInstanceOf(Date);
    }
    for (const id of [ids.freshSession, ids.oldDead, ids.oldFailed, ids.oldLeased]) {
      expect(byId.get(id)!.data).not.toBeNull();
      expect(byId.get(id)!.payload_dropped_at).toBeNull();
    }
    expect(t.logs.matching('Retention: deleted')).toEqual([
      expect.stringContaining('Retention: deleted 2 stored event(s), dropped the payload of 2 ('),
    ]);

    // A repeat of a delivery whose row is gone is stored again; one whose payload alone went is still a repeat.
    const again = await t.post(oldSession).expect(200);
    expect(again.body).toEqual({ ok: true, id: expect.any(String) });
    await t.post(bodyOf('message:send', 2)).expect(200, { ok: true, duplicate: true });
  });

  it('is applied by one instance at a time: while another holds the lock, a round does nothing', async () => {
    t = await startHostApp({ crisp: { retention: { every: '1s' } } });
    const second = await startHostApp({ sharing: t, crisp: { retention: { every: '1s' } } });
    const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl() }).initialize();
    try {
      await withRetentionLock(async () => {
        const id = (await t.post(bodyOf('session:set_state', 1)).expect(200)).body.id as string;
        await t.settled();
        await age(id, 40);
        expect(await new CrispWebhookRetention(dataSource).apply()).toBeUndefined();
        expect(await t.events()).toHaveLength(1);
      });
      // Both apps try every second; whichever takes the lock deletes the row, once.
      const logged = () => [...t.logs.lines, ...second.logs.lines].filter((line) => line.includes('Retention:'));
      await waitFor(async () => logged().length > 0);
      expect(await t.events()).toEqual([]);
      const lines = [...t.logs.lines, ...second.logs.lines];
      expect(lines.filter((line) => line.includes('Retention: deleted 1 stored event(s)'))).toHaveLength(1);
      expect(lines.filter((line) => line.includes('Retention could not run'))).toEqual([]);
      expect(await new CrispWebhookRetention(dataSource).apply()).toEqual({ deleted: 0, payloadsDropped: 0 });
    } finally {
      await dataSource.destroy();
      await second.close();
    }
  });
});

describe('Pruning', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startHostApp();
    // The pruner has a connection pool of its own, as the CLI in another process would.
    dataSource = await new DataSource({ type: 'postgres', url: (t.db.options as { url: string }).url }).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await t.close();
  });

  it('deletes 100,000 old rows in batches while hooks keep being acknowledged within 2 s', async () => {
    await t.db.query(`
      INSERT INTO "crisp_webhook_events" ("website_id", "event", "data", "occurred_at", "received_at", "status", "dedup_key", "session_key")
      SELECT 'website-' || (g % 7), 'message:send',
             jsonb_build_object('session_id', 'session_' || g, 'content', 'an old message ' || g, 'fingerprint', g),
             now() - interval '60 days', now() - interval '60 days' + g * interval '1 millisecond', 'processed',
             sha256(('old-' || g)::bytea), 'website-' || (g % 7) || ':session_' || g
      FROM generate_series(1, 100000) AS g`);
    const retention = new CrispWebhookRetention(dataSource, 1000);
    expect(await retention.countPrunable({ olderThan: '30d' })).toBe(100_000);

    const batches: number[] = [];
    let pruned = false;
    const pruning = retention
      .prune({ olderThan: '30d' }, (changed) => batches.push(changed))
      .finally(() => (pruned = true));
    const answers = [];
    for (let round = 0; !pruned; round++)
      answers.push(...(await sendHooks(await listening(), distinctHooks(20, round * 20), { concurrency: 5 })));
    expect(await pruning).toBe(100_000);

    expect(batches.length).toBeGreaterThanOrEqual(100);
    expect(Math.max(...batches)).toBeLessThanOrEqual(1000);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(2000);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS "count" FROM "crisp_webhook_events"`);
    expect(count).toBe(answers.length);
  }, 180_000); // 100 batches, each a statement over 1000 rows and every index of the table, on a shared machine.

  let url: string | undefined;
  const listening = async () => (url ??= await t.listen());
});
