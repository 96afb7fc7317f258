import { type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import request from 'supertest';
import { AdminHandlers } from './fixtures/admin-handlers';
import { startHostApp, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const TOKEN = 'admin-e2e-token-0123456789abcdef';
const FAST_DELIVERY = { leaseSeconds: 2, pollIntervalMs: 50, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 } };

let fingerprint = 1;
const message = (sessionId: string, extra: Record<string, unknown> = {}) =>
  crispEvent('message:send', { data: { session_id: sessionId, fingerprint: fingerprint++, ...extra } });

type Method = 'get' | 'post' | 'delete';
const ROUTES: [Method, string][] = [
  ['get', '/crisp/hooks/events'],
  ['get', '/crisp/hooks/events/1'],
  ['post', '/crisp/hooks/events/1/replay'],
  ['post', '/crisp/hooks/events/replay'],
  ['delete', '/crisp/hooks/events?session_id=session_a'],
  ['get', '/crisp/hooks/stats'],
  ['get', '/crisp/hooks/handlers'],
];

describe('Admin HTTP API with a bearer token', () => {
  let t: TestApp;
  let handlers: AdminHandlers;
  const api = (method: Method, url: string, token: string | null = TOKEN) => {
    const test = request(t.app.getHttpServer())[method](url);
    return token === null ? test : test.set('Authorization', `Bearer ${token}`);
  };
  const finished = (ids: readonly string[]) =>
    waitFor(async () => {
      const rows = (await t.events()).filter((row) => ids.includes(row.id));
      return rows.length === ids.length && rows.every((row) => !['received', 'failed'].includes(row.status)) && rows;
    }, 15_000);
  const post = async (body: object) => (await t.post(body).expect(200)).body.id as string;

  beforeAll(async () => {
    t = await startHostApp({
      providers: [AdminHandlers],
      crisp: { delivery: FAST_DELIVERY, admin: { token: [TOKEN, `${TOKEN}-next`] } },
    });
    handlers = t.app.get(AdminHandlers);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    await t.db.query(`DELETE FROM "crisp_webhook_events"`);
    handlers.bug = false;
  });

  it('refuses a missing or wrong token with 401 on every route, listing nothing, and never logs a token', async () => {
    await post(message('session_a'));
    for (const [method, url] of ROUTES) {
      for (const token of [null, 'wrong-token', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
        const response = await api(method, url, token).send({ filter: {} });
        expect(response.status).toBe(401);
        expect(response.body).toEqual({
          statusCode: 401,
          message: 'Missing or wrong admin token: send Authorization: Bearer <token>.',
        });
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      const basic = await request(t.app.getHttpServer())
        [method](url)
        .set('Authorization', `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`);
      expect(basic.status).toBe(401);
    }
    expect(await t.events()).toHaveLength(1);
    expect(t.logs.lines.join('\n')).not.toContain(TOKEN);
  });

  it('accepts every configured token (rotation)', async () => {
    await api('get', '/crisp/hooks/events', `${TOKEN}-next`).expect(200);
    await request(t.app.getHttpServer()).get('/crisp/hooks/events').set('authorization', `bearer ${TOKEN}`).expect(200);
  });

  it('lists newest first with filters, a limit and a cursor; refuses a filter it does not know', async () => {
    const ids = [await post(message('session_a')), await post(message('session_a')), await post(message('session_b'))];
    await finished(ids);
    const first = await api('get', '/crisp/hooks/events?session_id=session_a&limit=1').expect(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[1]]);
    expect(first.body.items[0]).toMatchObject({
      id: ids[1],
      event: 'message:send',
      session_id: 'session_a',
      status: 'processed',
      attempts: 1,
      delivery_attempt: null,
      payload_dropped: false,
      received_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      handlers: [
        { handler: 'AdminHandlers.buggy', status: 'processed', error: null },
        { handler: 'AdminHandlers.record', status: 'processed', error: null },
      ],
    });
    const second = await api(
      'get',
      `/crisp/hooks/events?session_id=session_a&limit=1&cursor=${first.body.next_cursor}`,
    );
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], next_cursor: null });
    const filtered = await api('get', '/crisp/hooks/events?status=processed,dead&event=message:*&unhandled=false');
    expect(filtered.body.items).toHaveLength(3);

    for (const query of ['stauts=dead', 'status=gone', 'since=yesterday', 'limit=1000', 'limit=-1', 'cursor=abc']) {
      const refused = await api('get', `/crisp/hooks/events?${query}`).expect(400);
      expect(refused.body).toEqual({ statusCode: 400, message: expect.any(String) });
    }
  });

  it('gets one event whole, 404 when there is none', async () => {
    const id = (await t.post(message('session_get'), { headers: { 'X-Delivery-Attempt-Count': '2' } })).body.id;
    await finished([id]);
    const response = await api('get', `/crisp/hooks/events/${id}`).expect(200);
    expect(response.body).toMatchObject({
      id,
      status: 'processed',
      delivery_attempt: 2,
      data: expect.objectContaining({ session_id: 'session_get' }),
      validation_errors: null,
      errors: null,
    });
    expect((await api('get', '/crisp/hooks/events/99999').expect(404)).body).toEqual({
      statusCode: 404,
      message: 'No stored event has id 99999.',
    });
    await api('get', '/crisp/hooks/events/abc').expect(404);
  });

  it('shows the attempts over time, replays included, without their error messages, the last 20 only', async () => {
    handlers.bug = true;
    const id = await post(message('session_history'));
    await finished([id]);
    handlers.bug = false;
    await api('post', `/crisp/hooks/events/${id}/replay`).send({}).expect(200);
    await finished([id]);

    const { body } = await api('get', `/crisp/hooks/events/${id}`).expect(200);
    const failing = { done: [], failed: ['AdminHandlers.buggy'], dead: [] };
    expect(body.attempt_history).toEqual([
      { attempt: 1, at: expect.any(String), status: 'failed', ...failing, done: ['AdminHandlers.record'] },
      { attempt: 2, at: expect.any(String), status: 'dead', ...failing },
      { attempt: 1, at: expect.any(String), status: 'processed', done: ['AdminHandlers.buggy'], failed: [], dead: [] },
    ]);
    const times = (body.attempt_history as { at: string }[]).map(({ at }) => Date.parse(at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Date(times[0]!).toISOString()).toBe(body.attempt_history[0].at);
    expect(times[0]).toBeGreaterThanOrEqual(Date.parse(body.received_at));
    expect(JSON.stringify(body.attempt_history)).not.toContain('fixed in the next deploy');

    // A full history loses its oldest run to the newest, in the statement that records it.
    const old = Array.from({ length: 20 }, (_, n) => ({ ...body.attempt_history[0], attempt: n + 1 }));
    await t.db.query(`UPDATE "crisp_webhook_events" SET "attempt_history" = $1::jsonb WHERE "id" = $2`, [
      JSON.stringify(old),
      id,
    ]);
    await api('post', `/crisp/hooks/events/${id}/replay`).send({ all: true }).expect(200);
    await finished([id]);
    const history = (await api('get', `/crisp/hooks/events/${id}`)).body.attempt_history as { attempt: number }[];
    expect(history).toHaveLength(20);
    expect(history.map(({ attempt }) => attempt)).toEqual([...Array.from({ length: 19 }, (_, n) => n + 2), 1]);
    expect(history[19]).toMatchObject({ status: 'processed', done: ['AdminHandlers.record', 'AdminHandlers.buggy'] });
  });

  it('replays one dead event after the fix: processed, the handler that had succeeded not run again', async () => {
    handlers.bug = true;
    const id = await post(message('session_fix'));
    await finished([id]);
    expect((await api('get', `/crisp/hooks/events/${id}`)).body).toMatchObject({ status: 'dead' });
    handlers.bug = false;
    const response = await api('post', `/crisp/hooks/events/${id}/replay`).send({}).expect(200);
    expect(response.body).toMatchObject({ queued: 1 });
    const [row] = await finished([id]);
    expect(row.status).toBe('processed');
    expect(handlers.recordRuns.get(id)).toBe(1);
    expect(handlers.buggyRuns.get(id)).toBe(3);

    await api('post', '/crisp/hooks/events/99999/replay').send({}).expect(404);
    const unknown = await api('post', `/crisp/hooks/events/${id}/replay`).send({ handlers: ['Nobody.here'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/No handler is named Nobody.here/);
    await t.db.query(`UPDATE "crisp_webhook_events" SET "locked_until" = now() + interval '1 minute'`);
    const leased = await api('post', `/crisp/hooks/events/${id}/replay`).send({ all: true }).expect(409);
    expect(leased.body).toMatchObject({ queued: 0, leased: 1 });
  });

  it('replays by filter: a dry run counts and changes nothing, then the real one runs them', async () => {
    handlers.bug = true;
    const ids = [await post(message('bulk_1')), await post(message('bulk_2'))];
    await finished(ids);
    handlers.bug = false;
    const before = await t.events();
    const dry = await api('post', '/crisp/hooks/events/replay')
      .send({ filter: { status: 'dead' }, dry_run: true })
      .expect(200);
    expect(dry.body).toMatchObject({ queued: 2, dry_run: true });
    expect(await t.events()).toEqual(before);

    const real = await api('post', '/crisp/hooks/events/replay')
      .send({ filter: { status: 'dead', event: 'message:send' }, handlers: ['AdminHandlers.buggy'] })
      .expect(200);
    expect(real.body).toMatchObject({ queued: 2, dry_run: false });
    expect((await finished(ids)).map((row) => row.status)).toEqual(['processed', 'processed']);
    for (const id of ids) expect(handlers.recordRuns.get(id)).toBe(1);

    for (const body of [
      {},
      { filter: { stauts: 'dead' } },
      { filter: {}, all: true, handlers: ['AdminHandlers.buggy'] },
    ]) {
      await api('post', '/crisp/hooks/events/replay').send(body).expect(400);
    }
  });

  it('erases by session or by email, answering how many rows went', async () => {
    const ids = [
      await post(message('session_x')),
      await post(crispEvent('session:set_email', { data: { session_id: 'session_y', email: 'y@example.com' } })),
      await post(message('session_y')),
      await post(message('session_z')),
    ];
    await finished(ids);
    expect((await api('delete', '/crisp/hooks/events?session_id=session_x').expect(200)).body).toEqual({ deleted: 1 });
    expect((await api('delete', '/crisp/hooks/events?email=Y%40example.com').expect(200)).body).toEqual({ deleted: 2 });
    expect((await t.events()).map((row) => row.id)).toEqual([ids[3]]);
    await api('delete', '/crisp/hooks/events').expect(400);
    await api('delete', '/crisp/hooks/events?session_id=a&email=b%40c.d').expect(400);
  });

  it('answers stats and the registered handlers', async () => {
    await finished([await post(message('session_stats'))]);
    const stats = await api('get', '/crisp/hooks/stats').expect(200);
    expect(stats.body).toMatchObject({
      last_hour: { processed: 1, dead: 0 },
      last_day: { processed: 1 },
      backlog: { due: 0, failed: 0, dead: 0 },
      oldest_unfinished_age_seconds: null,
      websites: [{ website_id: expect.any(String), last_delivery_at: expect.any(String) }],
      announced_retries: { last_hour: 0, last_day: 0 },
    });
    expect((await api('get', '/crisp/hooks/handlers').expect(200)).body).toEqual({
      handlers: ['AdminHandlers.buggy', 'AdminHandlers.late', 'AdminHandlers.record'],
    });
  });
});

/** A host's own admin guard: lets through requests carrying its session header. */
@Injectable()
class HostAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToHttp().getRequest().headers['x-host-session'] === 'operator';
  }
}

describe('Admin HTTP API behind the host’s own guard, and off by default', () => {
  it('admin.decorators puts the host guard in front of the routes', async () => {
    const t = await startHostApp({
      providers: [HostAdminGuard],
      crisp: { admin: { decorators: [UseGuards(HostAdminGuard)] } },
    });
    try {
      await request(t.app.getHttpServer()).get('/crisp/hooks/events').expect(403);
      const allowed = await request(t.app.getHttpServer())
        .get('/crisp/hooks/events')
        .set('x-host-session', 'operator')
        .expect(200);
      expect(allowed.body).toEqual({ items: [], next_cursor: null });
    } finally {
      await t.close();
    }
  });

  it("refuses, behind the host's guard alone, the replays and erasures another site's page could forge", async () => {
    const t = await startHostApp({
      providers: [HostAdminGuard],
      crisp: { admin: { decorators: [UseGuards(HostAdminGuard)] } },
    });
    try {
      const stored = await t.post(message('session_forged')).expect(200);
      const server = t.app.getHttpServer();
      const replay = `/crisp/hooks/events/${stored.body.id}/replay`;
      // What a form on another site can send with the operator's cookies: no JSON, or the browser's own word.
      const form = await request(server)
        .post(replay)
        .set('x-host-session', 'operator')
        .type('form')
        .send('all=true')
        .expect(403);
      expect(form.body.message).toMatch(/Content-Type: application\/json/);
      await request(server)
        .post(replay)
        .set('x-host-session', 'operator')
        .set('Sec-Fetch-Site', 'cross-site')
        .send({ all: true })
        .expect(403);
      await request(server)
        .delete('/crisp/hooks/events?session_id=session_forged')
        .set('x-host-session', 'operator')
        .set('Sec-Fetch-Site', 'cross-site')
        .expect(403);
      expect(await t.events()).toHaveLength(1);
      // The page's own requests: JSON, same origin.
      await request(server)
        .post(replay)
        .set('x-host-session', 'operator')
        .set('Sec-Fetch-Site', 'same-origin')
        .send({ all: true })
        .expect((response) => expect([200, 409]).toContain(response.status));
      await request(server)
        .delete('/crisp/hooks/events?session_id=session_forged')
        .set('x-host-session', 'operator')
        .set('Sec-Fetch-Site', 'same-origin')
        .expect(200, { deleted: 1 });
    } finally {
      await t.close();
    }
  });

  it('has no admin route without the admin option; the hook route still works', async () => {
    const t = await startHostApp();
    try {
      for (const [method, url] of ROUTES) {
        await request(t.app.getHttpServer())[method](url).set('Authorization', `Bearer ${TOKEN}`).expect(404);
      }
      await t.post(message('session_off')).expect(200);
    } finally {
      await t.close();
    }
  });
});
