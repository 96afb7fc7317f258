import { Injectable, Logger, Module, type NestMiddleware, type NestModule } from '@nestjs/common';
import type { MiddlewareConsumer } from '@nestjs/common';
import { redactCrispUrl } from 'nestjs-crisp-webhooks';
import { crispEvent, crispSignatureHeaders } from 'nestjs-crisp-webhooks/testing';
import type { NextFunction, Request, Response } from 'express';
import { FixtureHandlers } from './fixtures/fixture-handlers';
import { CapturingLogger } from './utils/capturing-logger';
import { startHostApp, TEST_KEY, type TestApp } from './utils/test-app';

const W1 = '6f1b2c3d-0000-4000-8000-000000000001';
const W2 = '6f1b2c3d-0000-4000-8000-000000000002';
const W3 = '6f1b2c3d-0000-4000-8000-000000000003';
const W1_KEY = 'w1-key-6a4e1f0c9d2b7358';
const W1_OLD_KEY = 'w1-old-key-0d9c8b7a6f5e';
const W2_KEY = 'w2-key-3b8f2e7d1c6a0954';
const SECRET = 'plugin-secret-9e2d4c1b7a60f3e5';
const OLD_SECRET = 'plugin-secret-old-1c5a9e3f7b';
const WRONG_KEY = 'wrong-key-guessed-by-attacker-42';

/** Every string that must never show up in a log line, an answer or a stored row. */
const SECRETS = [TEST_KEY, W1_KEY, W1_OLD_KEY, W2_KEY, SECRET, OLD_SECRET, WRONG_KEY];

/** A hook body of `website`, as the exact text sent (and signed). */
const hookText = (website: string, timestamp = 1_700_000_000_000) =>
  JSON.stringify(crispEvent('message:send', { website_id: website, timestamp }));

const signed = (text: string, secret = SECRET, timestamp?: string) => crispSignatureHeaders(secret, text, timestamp);

/** A host's access log, as many apps have one: method, URL (through the module's redaction helper), status. */
@Injectable()
class AccessLogMiddleware implements NestMiddleware {
  static readonly rawUrls: string[] = [];
  private readonly logger = new Logger('Access');

  use(request: Request, response: Response, next: NextFunction): void {
    response.on('finish', () => {
      AccessLogMiddleware.rawUrls.push(request.originalUrl);
      this.logger.log(`${request.method} ${redactCrispUrl(request.originalUrl)} ${response.statusCode}`);
    });
    next();
  }
}

@Module({})
class AccessLogModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AccessLogMiddleware).forRoutes('*path');
  }
}

function expectNoSecretIn(texts: readonly string[]): void {
  for (const text of texts) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

describe('Security: several websites, website keys, plugin signatures on one route', () => {
  let t: TestApp;
  let fixtures: FixtureHandlers;

  beforeAll(async () => {
    t = await startHostApp({
      providers: [FixtureHandlers],
      imports: [AccessLogModule],
      crisp: {
        keys: [TEST_KEY],
        websiteKeys: { [W1]: [W1_KEY, W1_OLD_KEY], [W2]: [W2_KEY] },
        websites: [W1, W2, W3],
        pluginSecret: [SECRET, OLD_SECRET],
        signatureMaxAgeSeconds: 300,
        authFailureLimit: false,
        bodyLimit: 4096,
      },
    });
    fixtures = t.app.get(FixtureHandlers);
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query(`TRUNCATE "crisp_webhook_events"`));

  const expectNothingStored = async () => expect(await t.events()).toEqual([]);

  describe('signed Plugin Hooks', () => {
    it('are stored and handled without a URL key, with the current or the previous secret', async () => {
      for (const [secret, website] of [
        [SECRET, W1],
        [OLD_SECRET, W2],
      ]) {
        const text = hookText(website);
        const response = await t.post(text, { key: null, headers: signed(text, secret) }).expect(200);
        expect(fixtures.received.at(-1)).toMatchObject({ id: response.body.id, website_id: website });
      }
      expect((await t.settled()).map((row) => row.status)).toEqual(['processed', 'processed']);
    });

    it('accept the signature in uppercase hex', async () => {
      const text = hookText(W1);
      const headers = signed(text);
      headers['X-Crisp-Signature'] = headers['X-Crisp-Signature'].toUpperCase();
      await t.post(text, { key: null, headers }).expect(200);
    });

    it.each<[string, (text: string) => [string, Record<string, string>]]>([
      ['a wrong secret', (text) => [text, signed(text, 'not-the-secret')]],
      ['the body re-serialized differently', (text) => [JSON.stringify(JSON.parse(text), null, 2), signed(text)]],
      ['one byte appended', (text) => [`${text}\n`, signed(text)]],
      ['a timestamp older than signatureMaxAgeSeconds', (text) => [text, signed(text, SECRET, '1700000000000')]],
      [
        'a timestamp other than the signed one',
        (text) => [text, { ...signed(text), 'X-Crisp-Request-Timestamp': '1' }],
      ],
      ['no timestamp', (text) => [text, { 'X-Crisp-Signature': signed(text)['X-Crisp-Signature'] }]],
      ['a truncated signature', (text) => [text, { ...signed(text), 'X-Crisp-Signature': 'abcdef' }]],
    ])('are refused with 401 and not stored when signed with %s', async (_label, forge) => {
      const [sent, headers] = forge(hookText(W1));
      const response = await t.post(sent, { key: null, headers }).expect(401);
      expectNoSecretIn([JSON.stringify(response.body)]);
      await expectNothingStored();
    });

    it('pass with a wrong key when the signature is good (either key or signature)', async () => {
      const text = hookText(W1);
      await t.post(text, { key: WRONG_KEY, headers: signed(text) }).expect(200);
    });
  });

  describe('keys', () => {
    it("a global key opens every served website; a website key only its own website's hooks", async () => {
      await t.post(hookText(W3), { key: TEST_KEY }).expect(200);
      await t.post(hookText(W1), { key: W1_KEY }).expect(200);
      await t.post(hookText(W1, 2), { key: W1_OLD_KEY }).expect(200);
      await t.post(hookText(W2), { key: W2_KEY }).expect(200);
      const refused = await t.post(hookText(W2, 3), { key: W1_KEY }).expect(403);
      expect(refused.body.message).toMatch(/use that website's key/);
      expect((await t.events()).map((row) => row.website_id)).toEqual([W3, W1, W1, W2]);
    });

    it('a website outside the allow-list is refused with 403 whatever the credential, and not stored', async () => {
      const other = hookText('6f1b2c3d-0000-4000-8000-00000000ffff');
      await t.post(other, { key: TEST_KEY }).expect(403);
      await t.post(other, { key: null, headers: signed(other) }).expect(403);
      await expectNothingStored();
    });
  });

  describe('redaction', () => {
    it('no key, secret or signature reaches a log line, an answer or a stored row', async () => {
      const logger = new CapturingLogger();
      t.app.useLogger(logger);
      Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']);
      AccessLogMiddleware.rawUrls.length = 0;
      const good = hookText(W1);
      const signatures = [signed(good)['X-Crisp-Signature'], signed(good, 'not-the-secret')['X-Crisp-Signature']];
      const answers = await Promise.all([
        t.post(good, { key: TEST_KEY }).expect(200),
        t.post(hookText(W2), { key: null, headers: signed(hookText(W2)) }).expect(200),
        t.post(good, { key: WRONG_KEY }).expect(401),
        t.post(good, { key: null, headers: { ...signed(good), 'X-Crisp-Signature': signatures[1] } }).expect(401),
        t.post(hookText(W2, 5), { key: W1_KEY }).expect(403),
        t.post('{"website_id": ', { key: W1_KEY }).expect(400),
        t.post('{"website_id": ', { key: null, headers: signed('{"website_id": ') }).expect(400),
        t.post('x'.repeat(5000), { key: W2_KEY }).expect(413),
        t.post(good, { key: W1_OLD_KEY, contentType: 'text/plain' }).expect(415),
        t.post(good, { key: null, path: `/crisp/hooks?key=${WRONG_KEY}&%6Bey=${W2_KEY}` }).expect(401),
      ]);
      const rows = await t.db.query(`SELECT row_to_json(e)::text AS row FROM "crisp_webhook_events" e`);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the access log writes on 'finish'

      // The test is only meaningful if the secrets were in the URLs the access log saw.
      expect(AccessLogMiddleware.rawUrls.join(' ')).toContain(W1_KEY);
      expect(logger.lines.filter((line) => line.includes('POST /crisp/hooks'))).toHaveLength(answers.length);
      expect(rows).toHaveLength(2);
      expectNoSecretIn([
        ...logger.lines,
        ...answers.map((answer) => JSON.stringify({ body: answer.body, headers: answer.headers })),
        ...rows.map((row: { row: string }) => row.row),
      ]);
      for (const text of [...logger.lines, ...rows.map((row: { row: string }) => row.row)]) {
        for (const signature of signatures) expect(text.toLowerCase()).not.toContain(signature);
      }
    });
  });
});

describe('Security: repeated failed authentication from one address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startHostApp({
      crisp: { keys: [TEST_KEY], pluginSecret: SECRET, authFailureLimit: { max: 3, windowSeconds: 60 } },
    });
  });
  afterAll(() => t.close());

  it("is refused with 429 and Retry-After, while Crisp's good key and signature from the same address pass", async () => {
    const text = hookText(W1);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.post(text, { key: WRONG_KEY })).status);
    expect(statuses).toEqual([401, 401, 401]);

    const refused = await t.post(text, { key: WRONG_KEY }).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.message).toMatch(/Too many failed authentications/);
    expectNoSecretIn([JSON.stringify(refused.body)]);
    await t.post(text, { key: null, headers: signed(text, 'forged') }).expect(429);
    await t.post(text, { key: null }).expect(429);

    await t.post(text, { key: TEST_KEY }).expect(200);
    const other = hookText(W2);
    await t.post(other, { key: null, headers: signed(other) }).expect(200);
    expect(await t.events()).toHaveLength(2);
  });
});
