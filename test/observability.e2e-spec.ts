import { TerminusModule } from '@nestjs/terminus';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import request from 'supertest';
import { HealthController } from '../src/observability/health.controller';
import { MetricsController } from '../src/observability/metrics.controller';
import { CountingHandlers } from './fixtures/counting-handlers';
import { hasMetric, metricValue } from './utils/prometheus-text';
import { startTcpProxy, type TcpProxy } from './utils/tcp-proxy';
import { startHostApp, TEST_KEY, type TestApp } from './utils/test-app';
import { TEST_SERVER_URL } from './utils/test-database';
import { waitFor } from './utils/wait-for';

const OTHER_WEBSITE_KEY = 'e2e-key-of-one-website-only';

const scrape = async (t: TestApp) => {
  const response = await request(t.app.getHttpServer()).get('/metrics').expect(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain/);
  return response.text;
};

const health = (t: TestApp) => request(t.app.getHttpServer()).get('/health');

/** How much `send` moved the counter of deliveries with `labels`. */
async function deliveriesMovedBy(t: TestApp, labels: Record<string, string>, send: () => Promise<unknown>) {
  const before = metricValue(await scrape(t), 'crisp_webhooks_deliveries_total', labels);
  await send();
  return metricValue(await scrape(t), 'crisp_webhooks_deliveries_total', labels) - before;
}

describe('Metrics, health and delivery logs (host app with metrics on, database behind a TCP proxy)', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const server = new URL(TEST_SERVER_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    t = await startHostApp({
      imports: [TerminusModule],
      controllers: [HealthController, MetricsController],
      providers: [CountingHandlers],
      viaPort: proxy.port,
      crisp: {
        websiteKeys: { 'website-b': [OTHER_WEBSITE_KEY] },
        bodyLimit: 16 * 1024,
        authFailureLimit: { max: 3, windowSeconds: 600 },
        metrics: { cacheSeconds: 0 },
        health: { cacheSeconds: 0 },
        delivery: { pollIntervalMs: 50, leaseSeconds: 2, retry: { attempts: 1 } },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  it('counts each delivery by outcome and family, for every stage that answers', async () => {
    const hook = crispEvent('message:send');
    const invalid = crispEvent('message:send');
    Object.assign(invalid.data, { fingerprint: 'not-a-number' });
    const cases: [Record<string, string>, () => Promise<unknown>][] = [
      [{ outcome: 'stored', family: 'message' }, () => t.post(hook).expect(200)],
      [{ outcome: 'duplicate', family: 'message' }, () => t.post(hook).expect(200, { ok: true, duplicate: true })],
      [{ outcome: 'quarantined', family: 'message' }, () => t.post(invalid).expect(202)],
      [{ outcome: 'stored', family: 'session' }, () => t.post(crispEvent('session:set_email')).expect(200)],
      [{ outcome: 'unauthorized', family: 'none' }, () => t.post(hook, { key: 'wrong-key' }).expect(401)],
      [{ outcome: 'forbidden', family: 'none' }, () => t.post(hook, { key: OTHER_WEBSITE_KEY }).expect(403)],
      [{ outcome: 'bad_input', family: 'none' }, () => t.post('{"not json').expect(400)],
      [{ outcome: 'bad_input', family: 'none' }, () => t.post(hook, { contentType: 'text/plain' }).expect(415)],
      [{ outcome: 'too_large', family: 'none' }, () => t.post('x'.repeat(17 * 1024)).expect(413)],
    ];
    for (const [labels, send] of cases) expect([labels, await deliveriesMovedBy(t, labels, send)]).toEqual([labels, 1]);

    // Two more failures from this address reach the limit of 3: the next one is rate limited.
    await t.post(hook, { key: 'wrong-key' }).expect(401);
    await t.post(hook, { key: 'wrong-key' }).expect(401);
    const limited = { outcome: 'rate_limited', family: 'none' };
    expect(await deliveriesMovedBy(t, limited, () => t.post(hook, { key: 'wrong-key' }).expect(429))).toBe(1);

    const text = await scrape(t);
    expect(metricValue(text, 'crisp_webhooks_answer_duration_seconds_count', { outcome: 'stored' })).toBe(2);
    expect(metricValue(text, 'crisp_webhooks_answer_duration_seconds_count', { outcome: 'unauthorized' })).toBe(3);
    // No label carries a key, a session id or an email.
    expect(text).not.toContain(TEST_KEY);
    expect(text).not.toContain(hook.data.session_id);
    expect(text).not.toMatch(/@example\.com/);
  });

  it("counts deliveries Crisp announced as retries, and each handler's runs and their duration", async () => {
    const before = await scrape(t);
    const announced = crispEvent('message:send', { data: { fingerprint: 424242 } });
    const first = crispEvent('message:send', { data: { fingerprint: 424243 } });
    await t.post(announced, { headers: { 'X-Delivery-Attempt-Count': '3' } }).expect(200);
    await t.post(first, { headers: { 'X-Delivery-Attempt-Count': '1' } }).expect(200);
    const steady = { handler: 'CountingHandlers.steady' };
    const moved = (after: string, name: string, labels: Record<string, string> = {}) =>
      metricValue(after, name, labels) - metricValue(before, name, labels);
    const after = await waitFor(async () => {
      const text = await scrape(t);
      return moved(text, 'crisp_webhooks_handler_runs_total', steady) === 2 && text;
    });
    expect(moved(after, 'crisp_webhooks_announced_retries_total', { outcome: 'stored' })).toBe(1);
    expect(moved(after, 'crisp_webhooks_handler_runs_total', { ...steady, outcome: 'succeeded' })).toBe(2);
    expect(moved(after, 'crisp_webhooks_handler_duration_seconds_count', steady)).toBe(2);
    // The buckets reach minutes: a run is counted in le="600".
    expect(moved(after, 'crisp_webhooks_handler_duration_seconds_bucket', { ...steady, le: '600' })).toBe(2);
    expect(moved(after, 'crisp_webhooks_event_lag_seconds_count')).toBe(2);
  });

  it('reports the backlog, dead events and the last delivery of each website from the database', async () => {
    // message:removed's handler always fails; with one attempt, the event is dead at once.
    const doomed = await t.post(crispEvent('message:removed')).expect(200);
    await waitFor(async () => (await t.events()).find((row) => row.id === doomed.body.id)?.status === 'dead');
    const text = await scrape(t);
    // Its one run was its last: counted `dead`, not `failed` (which says it will be retried).
    const doomedRuns = (outcome: string) =>
      metricValue(text, 'crisp_webhooks_handler_runs_total', { handler: 'CountingHandlers.doomed', outcome });
    expect(doomedRuns('dead')).toBe(1);
    expect(doomedRuns('failed')).toBe(0);
    expect(metricValue(text, 'crisp_webhooks_backlog_events', { status: 'dead' })).toBe(1);
    expect(metricValue(text, 'crisp_webhooks_backlog_events', { status: 'due' })).toBe(0);
    expect(metricValue(text, 'crisp_webhooks_oldest_unfinished_age_seconds')).toBe(0);
    const website = crispEvent('message:send').website_id;
    const last = metricValue(text, 'crisp_webhooks_last_delivery_timestamp_seconds', { website_id: website });
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(60);
    expect(t.logs.matching(`Handler CountingHandlers.doomed failed on Crisp event #${doomed.body.id}`)).toHaveLength(1);

    // A dead event is over maxDead (0): reported, degraded, and still 200 for probes.
    const answer = await health(t).expect(200);
    expect(answer.body).toMatchObject({
      status: 'degraded',
      details: {
        crisp_webhooks: {
          status: 'degraded',
          database: 'up',
          backlog: { due: 0, failed: 0, dead: 1 },
          silent_websites: [],
          message: '1 dead events, more than maxDead 0: replay or prune them',
        },
      },
    });
  });

  it('reads the gauges without a table scan', async () => {
    const statements: string[] = [];
    const query = t.db.query.bind(t.db);
    t.db.query = ((sql: string, ...rest: unknown[]) => {
      statements.push(sql);
      return query(sql, ...(rest as []));
    }) as typeof t.db.query;
    try {
      await scrape(t);
    } finally {
      t.db.query = query;
    }
    expect(statements).toHaveLength(2);
    await t.db.query(
      `INSERT INTO "crisp_webhook_events" ("website_id", "event", "data", "occurred_at", "status", "dedup_key")
       SELECT 'w' || (i % 7), 'message:send', '{}', now(), CASE WHEN i % 1000 = 0 THEN 'dead' ELSE 'processed' END,
              decode(md5(i::text), 'hex')
       FROM generate_series(1, 50000) AS i`,
    );
    await t.db.query(`ANALYZE "crisp_webhook_events"`);
    for (const sql of statements) {
      const [{ 'QUERY PLAN': plan }] = await t.db.query(`EXPLAIN (FORMAT JSON) ${sql}`);
      expect(JSON.stringify(plan)).not.toContain('Seq Scan');
    }
    await t.db.query(`DELETE FROM "crisp_webhook_events" WHERE "website_id" ~ '^w[0-9]$'`);
  });

  it('logs one line per delivery, with event, website, id, outcome and milliseconds, never the key or the data', async () => {
    const hook = crispEvent('message:send', { data: { content: 'a private message 7f3e' } });
    const response = await t.post(hook).expect(200);
    await t.post(hook, { key: 'wrong-key-4d2a' }).expect(429);
    await waitFor(async () => t.logs.matching(`id=${response.body.id} `).length > 0 || undefined);
    expect(t.logs.matching(`id=${response.body.id} `)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Crisp hook message:send website=${hook.website_id} id=${response.body.id} outcome=stored status=200 ms=\\d+\\.\\d CrispWebhooks$`,
        ),
      ),
    ]);
    expect(t.logs.matching('Crisp hook refused outcome=rate_limited status=429 ms=')).not.toHaveLength(0);
    const all = t.logs.lines.join('\n');
    for (const secret of [TEST_KEY, OTHER_WEBSITE_KEY, 'wrong-key-4d2a', 'a private message 7f3e']) {
      expect(all).not.toContain(secret);
    }
  });

  it('answers 503 when the database is cut, counted as unavailable; /health is 503 within 2 s, and 200 again after', async () => {
    await health(t).expect(200);
    proxy.cut();
    try {
      const unavailable = { outcome: 'unavailable', family: 'message' };
      const before = metricValue(await scrape(t), 'crisp_webhooks_deliveries_total', unavailable);
      const started = Date.now();
      await t.post(crispEvent('message:send', { data: { fingerprint: 503 } })).expect(503);
      expect(Date.now() - started).toBeLessThan(2000);
      const during = await scrape(t);
      expect(metricValue(during, 'crisp_webhooks_deliveries_total', unavailable) - before).toBe(1);
      // The database's gauges have no sample while it is unreachable; the rest is served.
      expect(hasMetric(during, 'crisp_webhooks_backlog_events')).toBe(false);

      const probed = Date.now();
      const answer = await health(t).expect(503);
      expect(Date.now() - probed).toBeLessThan(2000);
      expect(answer.body.error.crisp_webhooks).toMatchObject({ status: 'down', database: 'down' });
    } finally {
      proxy.restore();
    }
    await waitFor(async () => (await health(t)).status === 200, 10_000);
    expect(hasMetric(await scrape(t), 'crisp_webhooks_backlog_events')).toBe(true);
    expect(t.logs.matching('Health Check has failed!')).not.toHaveLength(0);
  });
});

describe('Health: silence of a website that used to send', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startHostApp({
      imports: [TerminusModule],
      controllers: [HealthController],
      crisp: { health: { silenceSeconds: 1, cacheSeconds: 0, exceeded: 'down' } },
    });
  });
  afterAll(() => t.close());

  it('reports a website silent for longer than silenceSeconds (down, as configured), and not before', async () => {
    const hook = crispEvent('message:send');
    await t.post(hook).expect(200);
    await health(t).expect(200);
    const answer = await waitFor(async () => {
      const probed = await health(t);
      return probed.status === 503 && probed;
    });
    expect(answer.body.error.crisp_webhooks).toMatchObject({
      status: 'down',
      database: 'up',
      silent_websites: [{ website_id: hook.website_id, last_delivery_at: expect.any(String) }],
      message: expect.stringContaining('1 website(s) sent nothing for more than silenceSeconds 1'),
    });
    expect(t.logs.matching('Health Check has failed!')).not.toHaveLength(0);
  });
});
