import { CrispErasureFailedError, CrispWebhookEventsAdmin, type CrispEventSummary } from 'nestjs-crisp-webhooks';
import type { DataSource } from 'typeorm';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { AdminHandlers } from './fixtures/admin-handlers';
import { startHostApp, type StoredEventRow, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

/** Fast polls and retries; 2 attempts, so a failing handler makes its event dead quickly. */
const FAST_DELIVERY = { leaseSeconds: 2, pollIntervalMs: 50, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } };

const WEBSITE = '42286ab3-b29a-4fde-8538-da0ae501d825';

let fingerprint = 1;
/** A distinct message:send of a conversation. */
const message = (sessionId: string, extra: Record<string, unknown> = {}) =>
  crispEvent('message:send', { data: { session_id: sessionId, fingerprint: fingerprint++, ...extra } });

const finished = (t: TestApp, ids: readonly string[]) =>
  waitFor(async () => {
    const rows = (await t.events()).filter((row) => ids.includes(row.id));
    return (
      rows.length === ids.length && rows.every((row) => row.status !== 'received' && row.status !== 'failed') && rows
    );
  }, 15_000);

async function postAll(t: TestApp, bodies: readonly object[]): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) ids.push((await t.post(body).expect((r) => expect(r.status).toBeLessThan(300))).body.id);
  return ids;
}

describe('CrispWebhookEventsAdmin on a real PostgreSQL', () => {
  let t: TestApp;
  let admin: CrispWebhookEventsAdmin;
  let handlers: AdminHandlers;

  beforeAll(async () => {
    t = await startHostApp({ providers: [AdminHandlers], crisp: { delivery: FAST_DELIVERY } });
    admin = t.app.get(CrispWebhookEventsAdmin);
    handlers = t.app.get(AdminHandlers);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.query(`DELETE FROM "crisp_webhook_events"`);
    handlers.bug = false;
    handlers.erasureFails = false;
    for (const runs of [handlers.recordRuns, handlers.buggyRuns, handlers.lateRuns]) runs.clear();
    handlers.erasures.length = 0;
  });

  it('lists newest first with filters and a cursor, each page after the last', async () => {
    const a = await postAll(t, [message('session_a'), message('session_a'), message('session_b')]);
    const other = await postAll(t, [crispEvent('session:set_nickname', { website_id: 'other-website' })]);
    await finished(t, [...a, ...other]);

    const first = await admin.list({ limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual([other[0], a[2]]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await admin.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.id)).toEqual([a[1], a[0]]);
    expect(second.nextCursor).toBeNull();

    expect((await admin.list({ sessionId: 'session_a' })).items.map((item) => item.id)).toEqual([a[1], a[0]]);
    expect((await admin.list({ event: 'session:*' })).items.map((item) => item.id)).toEqual(other);
    expect((await admin.list({ websiteId: 'other-website' })).items.map((item) => item.id)).toEqual(other);
    expect((await admin.list({ status: 'dead' })).items).toEqual([]);
    const stored = (await t.events()).find((row) => row.id === a[0])!;
    expect((await admin.list({ since: stored.received_at, until: new Date(Date.now() + 1000) })).items).toHaveLength(4);

    const item = second.items[1];
    expect(item).toMatchObject<Partial<CrispEventSummary>>({
      event: 'message:send',
      websiteId: WEBSITE,
      sessionId: 'session_a',
      status: 'processed',
      attempts: 1,
      payloadDropped: false,
      handlers: [
        { handler: 'AdminHandlers.buggy', status: 'processed', error: null },
        { handler: 'AdminHandlers.record', status: 'processed', error: null },
      ],
    });
    expect(item.receivedAt).toBeInstanceOf(Date);

    await expect(admin.list({ limit: 501 })).rejects.toThrow(RangeError);
    await expect(admin.list({ cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
    await expect(admin.list({ status: 'gone' as 'dead' })).rejects.toThrow(/status/);
  });

  it('reads the common filters through indexes, never a scan of the whole table', async () => {
    // Enough rows for the planner to prefer an index, with a realistic spread of statuses and events.
    await t.db.query(`
      INSERT INTO "crisp_webhook_events" ("website_id", "event", "data", "occurred_at", "status", "dedup_key", "session_key")
      SELECT 'w' || (i % 20), CASE WHEN i % 50 = 0 THEN 'session:set_email' ELSE 'message:send' END,
             jsonb_build_object('session_id', 'session_' || (i % 5000)), now(),
             CASE WHEN i % 100 = 0 THEN 'dead' ELSE 'processed' END, sha256(i::text::bytea),
             'w' || (i % 20) || ':session_' || (i % 5000)
      FROM generate_series(1, 30000) AS i`);
    await t.db.query(`ANALYZE "crisp_webhook_events"`);
    // The service on a data source that has PostgreSQL plan each statement before running it.
    const plans: string[] = [];
    const explaining = {
      query: async (sql: string, params?: unknown[]) => {
        plans.push(JSON.stringify(await t.db.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)));
        return t.db.query(sql, params);
      },
    } as unknown as DataSource;
    const planned = new CrispWebhookEventsAdmin(explaining);
    const filters = [
      {},
      { status: 'dead' as const },
      { event: 'session:set_email' },
      { websiteId: 'w3' },
      { sessionId: 'session_42' },
      { since: new Date(Date.now() - 60_000) },
      { event: 'session:set_email', unhandled: true },
    ];
    for (const filter of filters) {
      const page = await planned.list({ ...filter, limit: 20 });
      expect(page.items.length).toBeGreaterThan(0);
      if (page.nextCursor) await planned.list({ ...filter, limit: 20, cursor: page.nextCursor });
    }
    expect(plans.length).toBeGreaterThanOrEqual(filters.length);
    for (const plan of plans) expect(plan).not.toContain('Seq Scan');
  });

  it('gets one event whole: payload, validation errors, per-handler outcome, delivery attempt', async () => {
    handlers.bug = true;
    const body = message('session_get');
    const response = await t.post(body, { headers: { 'X-Delivery-Attempt-Count': '3' } }).expect(200);
    const invalid = await t
      .post(crispEvent('message:send', { data: { fingerprint: 'x' as unknown as number } }))
      .expect(202);
    await finished(t, [response.body.id]);

    const detail = await admin.get(response.body.id);
    expect(detail).toMatchObject({
      id: response.body.id,
      status: 'dead',
      attempts: 2,
      deliveryAttempt: 3,
      data: body.data,
      validationErrors: null,
      handlers: [
        { handler: 'AdminHandlers.buggy', status: 'dead', error: 'buggy handler: fixed in the next deploy' },
        { handler: 'AdminHandlers.record', status: 'processed', error: null },
      ],
    });
    expect(t.logs.matching('AdminHandlers.buggy failed', `#${response.body.id} `)).toHaveLength(2);

    const quarantined = await admin.get(invalid.body.id);
    expect(quarantined).toMatchObject({ status: 'invalid', handlers: [] });
    expect(quarantined!.validationErrors).toEqual([{ path: 'data.fingerprint', messages: expect.any(Array) }]);
    expect(await admin.get('999999999')).toBeUndefined();
    expect(await admin.get('not-an-id')).toBeUndefined();
  });

  it('replays dead events once the bug is fixed: they end processed, the handler that had succeeded not run again', async () => {
    handlers.bug = true;
    const ids = await postAll(t, [message('s1'), message('s2'), message('s3')]);
    await finished(t, ids);
    expect((await admin.list({ status: 'dead' })).items).toHaveLength(3);

    handlers.bug = false;
    const result = await admin.replay({ status: 'dead' });
    expect(result).toEqual({ queued: 3, dryRun: false, matched: 3, leased: 0, stillInvalid: 0, payloadDropped: 0 });
    const rows = await finished(t, ids);
    expect(rows.map((row) => row.status)).toEqual(['processed', 'processed', 'processed']);
    for (const id of ids) {
      expect(handlers.recordRuns.get(id)).toBe(1);
      expect(handlers.buggyRuns.get(id)).toBe(3);
    }
    expect((await admin.get(ids[0]))!.handlers.map((run) => run.status)).toEqual(['processed', 'processed']);
  });

  it('a dry run counts and changes nothing', async () => {
    handlers.bug = true;
    const ids = await postAll(t, [message('dry1'), message('dry2')]);
    await finished(t, ids);
    const before = await t.events();
    const result = await admin.replay({ status: 'dead' }, { dryRun: true, all: true });
    expect(result).toMatchObject({ queued: 2, dryRun: true, matched: 2 });
    expect(await t.events()).toEqual(before);
  });

  it('chooses handlers: by name runs that one again, all runs every one', async () => {
    const [id] = await postAll(t, [message('choose')]);
    await finished(t, [id]);
    await admin.replay({ ids: [id] }, { handlers: ['AdminHandlers.record'] });
    await waitFor(async () => handlers.recordRuns.get(id) === 2);
    await finished(t, [id]);
    expect(handlers.buggyRuns.get(id)).toBe(1);

    await admin.replay({ ids: [id] }, { all: true });
    await waitFor(async () => handlers.buggyRuns.get(id) === 2);
    await finished(t, [id]);
    expect(handlers.recordRuns.get(id)).toBe(3);
    expect((await t.events())[0]).toMatchObject({ status: 'processed', attempts: 1 });
  });

  it('never touches an event a live instance is running', async () => {
    handlers.bug = true;
    const [id] = await postAll(t, [message('leased')]);
    await finished(t, [id]);
    await t.db.query(
      `UPDATE "crisp_webhook_events" SET "locked_by" = 'another-instance', "locked_until" = now() + interval '1 minute'`,
    );
    const before = await t.events();
    expect(await admin.replay({ ids: [id] }, { all: true })).toMatchObject({ queued: 0, matched: 1, leased: 1 });
    expect(await t.events()).toEqual(before);
  });

  it('validates a quarantined event again against today’s DTOs: queued if it passes, kept invalid if not', async () => {
    const still = await t.post(crispEvent('message:send', { data: { fingerprint: 'x' as unknown as number } }));
    // Quarantined under an older, stricter DTO: its data passes today's.
    const passes = await postAll(t, [message('requalified')]);
    await finished(t, passes);
    await t.db.query(
      `UPDATE "crisp_webhook_events" SET "status" = 'invalid', "errors" = '[{"path":"data.x","messages":["old rule"]}]', "handlers_done" = '[]' WHERE "id" = $1`,
      [passes[0]],
    );
    const result = await admin.replay({ status: 'invalid' });
    expect(result).toMatchObject({ queued: 1, matched: 2, stillInvalid: 1 });
    const [requalified] = await finished(t, passes);
    expect(requalified).toMatchObject({ status: 'processed', errors: null });
    expect((await t.events()).find((row) => row.id === still.body.id)?.status).toBe('invalid');
  });

  it('calls a payload dropped only when retention dropped it, not when the stored data is null', async () => {
    // The endpoint refuses a null `data`; a row written otherwise (an event Crisp added, an import) may have one.
    const [{ id: nullData }] = await t.db.query(
      `INSERT INTO "crisp_webhook_events" ("website_id", "event", "data", "occurred_at", "status", "dedup_key", "processed_at")
       VALUES ($1, 'session:added_by_crisp', 'null'::jsonb, now(), 'processed', sha256('null-data'::bytea), now())
       RETURNING "id"::text AS "id"`,
      [WEBSITE],
    );
    const dropped = await postAll(t, [message('dropped')]);
    await finished(t, dropped);
    await t.db.query(
      `UPDATE "crisp_webhook_events" SET "data" = 'null'::jsonb, "payload_dropped_at" = now() WHERE "id" = $1`,
      dropped,
    );
    expect(await admin.get(nullData)).toMatchObject({ data: null, payloadDropped: false });
    expect(await admin.get(dropped[0])).toMatchObject({ data: null, payloadDropped: true });
    expect(await admin.replay({ ids: [nullData, ...dropped] })).toMatchObject({ queued: 1, payloadDropped: 1 });
    await finished(t, [nullData]);
  });

  it('backfills: events no handler ran on are replayed for a handler deployed since', async () => {
    const ids = await postAll(t, [message('backfill')]);
    await finished(t, ids);
    // Stored before the late handler existed: processed with no handler done.
    await t.db.query(
      `
      INSERT INTO "crisp_webhook_events" ("website_id", "event", "data", "occurred_at", "status", "dedup_key", "processed_at")
      SELECT $1, 'session:set_nickname', $2::jsonb, now(), 'processed', sha256(i::text::bytea), now()
      FROM generate_series(1, 3) AS i`,
      [WEBSITE, JSON.stringify(crispEvent('session:set_nickname').data)],
    );
    const unhandled = await admin.list({ unhandled: true });
    expect(unhandled.items.map((item) => item.event)).toEqual(Array(3).fill('session:set_nickname'));
    expect(await admin.replay({ event: 'session:set_nickname', unhandled: true })).toMatchObject({ queued: 3 });
    const rows = await finished(
      t,
      unhandled.items.map((item) => item.id),
    );
    expect(rows.map((row) => (row as StoredEventRow & { handlers_done: string[] }).handlers_done)).toEqual(
      Array(3).fill(['AdminHandlers.late']),
    );
    expect([...handlers.lateRuns.values()]).toEqual([1, 1, 1]);
    expect((await admin.list({ unhandled: true })).items).toEqual([]);
  });

  it('erases everything stored about an email: its conversations and People profiles, after the host erased its own', async () => {
    const email = 'Jane.Doe@Example.com';
    const person = [
      crispEvent('session:set_email', { data: { session_id: 'session_jane', email: 'jane.doe@example.com' } }),
      message('session_jane', { content: 'my order is late' }),
      crispEvent('session:set_nickname', { data: { session_id: 'session_jane', nickname: 'Jane' } }),
      crispEvent('people:profile:created', { data: { people_id: 'people_jane', email: 'jane.doe@example.com' } }),
      crispEvent('people:bind:session', { data: { people_id: 'people_jane', session_id: 'session_jane_2' } }),
      message('session_jane_2', { content: 'hello again' }),
    ];
    const others = [
      message('session_bob'),
      crispEvent('session:set_email', { data: { session_id: 'session_bob', email: 'bob@example.com' } }),
    ];
    await finished(t, await postAll(t, [...person, ...others]));

    handlers.erasureFails = true;
    await expect(admin.erase({ email })).rejects.toThrow(CrispErasureFailedError);
    expect(await t.events()).toHaveLength(8);
    expect(t.logs.matching('Erasure handler AdminHandlers.forget failed')).toHaveLength(1);

    handlers.erasureFails = false;
    const result = await admin.erase({ email });
    expect(result).toEqual({
      email,
      sessionIds: ['session_jane', 'session_jane_2'],
      peopleIds: ['people_jane'],
      deleted: 6,
    });
    expect(handlers.erasures).toEqual([
      { email, sessionIds: ['session_jane', 'session_jane_2'], peopleIds: ['people_jane'] },
    ]);
    const left = await t.events();
    expect(left).toHaveLength(2);
    expect(JSON.stringify(left)).not.toMatch(/jane/i);

    expect(await admin.erase({ sessionId: 'session_bob' })).toMatchObject({ deleted: 2, sessionIds: ['session_bob'] });
    expect(await t.events()).toEqual([]);
    await expect(admin.erase({ email: 'not an email' })).rejects.toThrow(RangeError);
  });

  it('counts recent events by status, the backlog and each website’s last delivery', async () => {
    handlers.bug = true;
    const ids = await postAll(t, [message('stats'), crispEvent('session:set_nickname', { website_id: 'w2' })]);
    const retried = await t.post(message('stats'), { headers: { 'X-Delivery-Attempt-Count': '2' } }).expect(200);
    await finished(t, [...ids, retried.body.id]);
    const stats = await admin.stats();
    expect(stats).toMatchObject({
      lastHour: { received: 0, processed: 1, failed: 0, dead: 2, invalid: 0 },
      lastDay: { received: 0, processed: 1, failed: 0, dead: 2, invalid: 0 },
      backlog: { due: 0, failed: 0, dead: 2 },
      oldestUnfinishedAgeSeconds: null,
      announcedRetries: { lastHour: 1, lastDay: 1 },
    });
    expect(stats.websites.map((website) => website.websiteId)).toEqual([WEBSITE, 'w2']);
    expect(stats.websites[0].lastDeliveryAt).toBeInstanceOf(Date);
  });
});

describe('Replay with two instances running', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startHostApp({ providers: [AdminHandlers], crisp: { delivery: FAST_DELIVERY } });
    b = await startHostApp({ providers: [AdminHandlers], crisp: { delivery: FAST_DELIVERY }, sharing: a });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('runs each replayed event once, though both instances replay the same selection at once', async () => {
    const [ha, hb] = [a.app.get(AdminHandlers), b.app.get(AdminHandlers)];
    ha.bug = hb.bug = true;
    const ids = await postAll(
      a,
      Array.from({ length: 60 }, (_, i) => message(`two_${i}`)),
    );
    await finished(a, ids);
    ha.bug = hb.bug = false;
    const runsBefore = (id: string) => (ha.buggyRuns.get(id) ?? 0) + (hb.buggyRuns.get(id) ?? 0);
    const before = new Map(ids.map((id) => [id, runsBefore(id)]));

    const results = await Promise.all([
      a.app.get(CrispWebhookEventsAdmin).replay({ status: 'dead' }),
      b.app.get(CrispWebhookEventsAdmin).replay({ status: 'dead' }),
    ]);
    expect(results[0].queued + results[1].queued).toBeGreaterThanOrEqual(60);
    const rows = await finished(a, ids);
    expect(new Set(rows.map((row) => row.status))).toEqual(new Set(['processed']));
    for (const id of ids) {
      expect(runsBefore(id) - before.get(id)!).toBe(1);
      expect((ha.recordRuns.get(id) ?? 0) + (hb.recordRuns.get(id) ?? 0)).toBe(1);
    }
  });
});
