import { crispEvent, crispSignatureHeaders } from 'nestjs-crisp-webhooks/testing';
import { FixtureHandlers } from './fixtures/fixture-handlers';
import { startTcpProxy, type TcpProxy } from './utils/tcp-proxy';
import { startHostApp, TEST_KEY, type TestApp } from './utils/test-app';
import { TEST_SERVER_URL } from './utils/test-database';

const SECRET = 'logs-plugin-secret-6bc1bee22e409f96';
const WEBSITE = '0b1f4e65-3c1a-4d2e-9a8b-7c6d5e4f3a21';
const WEBSITE_KEY = 'logs-website-key-8d2f1a7c3e';
const OTHER_WEBSITE = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

/**
 * Every answer the endpoint gives, each sent with a key or a signature, while every line the app logs
 * is captured as a host's log shipper would get it: none may hold a key, the plugin secret, a
 * signature or a `key=` parameter, whatever the path (a failure's log line is where one would leak).
 */
describe('No key or secret in any log line, on every answer path', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  const sent: string[] = [];

  beforeAll(async () => {
    const server = new URL(TEST_SERVER_URL);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    t = await startHostApp({
      providers: [FixtureHandlers],
      viaPort: proxy.port,
      crisp: {
        keys: [TEST_KEY],
        websiteKeys: { [WEBSITE]: [WEBSITE_KEY] },
        pluginSecret: SECRET,
        bodyLimit: 4096,
        authFailureLimit: { max: 2, windowSeconds: 60 },
        // A failing handler answers 500 only when handlers run before the answer.
        delivery: { handlersBeforeAnswer: true, storeTimeoutMs: 300, leaseSeconds: 2, pollIntervalMs: 50 },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await proxy.close();
  });

  const hook = (event: Parameters<typeof crispEvent>[0], data: Record<string, unknown> = {}) =>
    JSON.stringify(crispEvent(event, { data: { website_id: WEBSITE, ...data }, website_id: WEBSITE }));
  const signed = (text: string) => {
    const headers = crispSignatureHeaders(SECRET, text);
    sent.push(headers['X-Crisp-Signature']);
    return headers;
  };

  it.each([
    [200, 'a stored hook', () => t.post(hook('message:send'))],
    [
      200,
      'a signed hook',
      () => t.post(hook('session:set_email'), { key: null, headers: signed(hook('session:set_email')) }),
    ],
    [200, "a website key's hook", () => t.post(hook('message:send', { fingerprint: 2 }), { key: WEBSITE_KEY })],
    [202, 'a quarantined hook', () => t.post(hook('message:send', { fingerprint: 'not a number' }))],
    [400, 'malformed JSON', () => t.post('{"website_id": ')],
    [
      403,
      "a website key on another website's hook",
      () => t.post(JSON.stringify(crispEvent('message:send', { website_id: OTHER_WEBSITE })), { key: WEBSITE_KEY }),
    ],
    [413, 'a body over the limit', () => t.post(hook('message:send', { content: 'x'.repeat(5000) }))],
    [415, 'another content type', () => t.post(hook('message:send'), { contentType: 'text/plain' })],
    [500, 'a failing handler', () => t.post(hook('message:updated'))],
    [401, 'a wrong key', () => t.post(hook('message:send'), { key: `${TEST_KEY}-wrong` })],
    [
      401,
      'a forged signature',
      () => t.post(hook('message:send', { fingerprint: 3 }), { key: null, headers: signed('{}') }),
    ],
    [429, 'failures past the limit', () => t.post(hook('message:send'), { key: `${SECRET}-as-key` })],
  ])('answers %i to %s', async (status, _label, send) => {
    await send().expect(status);
  });

  it('answers 503 when the database cannot be reached', async () => {
    proxy.cut();
    try {
      await t.post(hook('message:send', { fingerprint: 4 })).expect(503);
    } finally {
      proxy.restore();
    }
  });

  it('logged the failures, and no line holds a key, the secret, a signature or key=', () => {
    expect(t.logs.matching('Crisp hooks answered 503: the connection to the database was lost')).toHaveLength(1);
    expect(t.logs.matching('FixtureHandlers.fail failed')).toHaveLength(1);
    const secrets = [TEST_KEY, WEBSITE_KEY, SECRET, encodeURIComponent(TEST_KEY), 'key=', ...sent];
    const leaks = t.logs.lines.filter((line) => secrets.some((secret) => line.includes(secret)));
    expect(leaks).toEqual([]);
  });
});
