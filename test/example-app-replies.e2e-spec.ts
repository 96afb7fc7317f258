import { Injectable } from '@nestjs/common';
import { type CrispEvent, OnCrispEvent } from 'nestjs-crisp-webhooks';
import { CrispReplies } from 'nestjs-crisp-webhooks/crisp-api';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { Client } from 'pg';
import { DEFAULT_GREET_MESSAGE } from '../src/config/visitor-replies.config';
import { type ChildApp, freePorts, startChildApp } from './utils/child-app';
import { type CrispApiRequest, FakeCrispApi } from './utils/fake-crisp-api';
import { startExampleApp, type TestApp } from './utils/test-app';
import { createTestDatabase } from './utils/test-database';
import { waitFor } from './utils/wait-for';

const IDENTIFIER = 'plugin-token-identifier';
const KEY = 'plugin-token-key-7c1d';
const BASIC_AUTH = `Basic ${Buffer.from(`${IDENTIFIER}:${KEY}`).toString('base64')}`;
const API_ENV = { CRISP_API_IDENTIFIER: IDENTIFIER, CRISP_API_KEY: KEY };

const pagesHook = (session_id: string, url = 'https://www.example.com/pricing', timestamp?: number) =>
  crispEvent('session:sync:pages', {
    data: { session_id, pages: [{ page_url: url, page_title: 'Pricing', timestamp: 1 }] },
    timestamp,
  });
const emailHook = (session_id: string, email = 'visitor@example.com') =>
  crispEvent('session:set_email', { data: { session_id, email } });

/** What Crisp's REST API receives for one reply into `session_id`. */
const replyRequest = (session_id: string, content: string) => ({
  method: 'POST',
  path: `/v1/website/${crispEvent('session:set_email').website_id}/conversation/${session_id}/message`,
  headers: expect.objectContaining({
    authorization: BASIC_AUTH,
    'x-crisp-tier': 'plugin',
    'content-type': 'application/json',
  }),
  body: { type: 'text', from: 'operator', origin: 'chat', content, fingerprint: expect.any(Number) },
});

/** Replies, then fails its first run on a later step. */
@Injectable()
class ReplyThenFailHandler {
  runs = 0;
  constructor(private readonly replies: CrispReplies) {}

  @OnCrispEvent('message:send')
  async acknowledge(event: CrispEvent<'message:send'>): Promise<void> {
    await this.replies.reply(event, 'Got it, an operator will answer shortly.', { key: 'ack' });
    if (++this.runs === 1) throw new Error('the step after the reply failed');
  }
}

describe('Example app replying through Crisp (a local server standing in for its REST API)', () => {
  const crisp = new FakeCrispApi();
  let t: TestApp;

  beforeAll(async () => {
    const restHost = await crisp.start();
    t = await startExampleApp({ env: { ...API_ENV, CRISP_API_URL: restHost }, providers: [ReplyThenFailHandler] });
  });
  afterAll(async () => {
    await t.close();
    await crisp.close();
  });
  beforeEach(async () => {
    crisp.reset();
    await t.db.query(`TRUNCATE "crisp_webhook_events", "crisp_api_replies", "crisp_greetings", "crisp_contacts"`);
  });

  const replies = () =>
    t.db.query(`SELECT "handler", "key", "status", "attempts" FROM "crisp_api_replies" ORDER BY "handler"`);
  const settledAs = (status: string) =>
    waitFor(async () => {
      const rows = await t.events();
      return rows.length > 0 && rows.every((row) => row.status === status) && rows;
    }, 15_000);

  it('greets a visitor who opens /pricing and thanks one who leaves an email, as Crisp would receive them', async () => {
    await t.post(pagesHook('session_a')).expect(200);
    await t.post(pagesHook('session_b', 'https://www.example.com/blog')).expect(200);
    await t.post(emailHook('session_a', 'ada@example.com')).expect(200);
    await settledAs('processed');

    expect(crisp.requests).toHaveLength(2);
    expect(crisp.requests).toEqual(
      expect.arrayContaining([
        replyRequest('session_a', DEFAULT_GREET_MESSAGE),
        replyRequest('session_a', 'Thanks, we will follow up at ada@example.com'),
      ]),
    );
    const fingerprints = crisp.requests.map((request) => (request.body as { fingerprint: number }).fingerprint);
    expect(new Set(fingerprints).size).toBe(2);
    expect(await replies()).toEqual([
      { handler: 'VisitorRepliesHandler.greet', key: 'greeting', status: 'sent', attempts: 1 },
      { handler: 'VisitorRepliesHandler.thank', key: 'thanks', status: 'sent', attempts: 1 },
    ]);
    expect(t.logs.lines.join('\n')).not.toContain(KEY);
  });

  it('the same hook delivered twice, and another greeting page in the conversation: one greeting', async () => {
    await t.post(pagesHook('session_c')).expect(200);
    expect((await t.post(pagesHook('session_c')).expect(200)).body).toEqual({ ok: true, duplicate: true });
    await settledAs('processed');
    await t.post(pagesHook('session_c', 'https://www.example.com/pricing/teams', Date.now())).expect(200);
    await settledAs('processed');

    expect(await t.events()).toHaveLength(2);
    expect(crisp.requests).toEqual([replyRequest('session_c', DEFAULT_GREET_MESSAGE)]);
  });

  it('a handler that replied and then failed on a later step is retried without replying again', async () => {
    await t.post(crispEvent('message:send', { data: { session_id: 'session_d' } })).expect(200);
    const [row] = await settledAs('processed');

    expect(row.attempts).toBe(2);
    expect(t.logs.matching('ReplyThenFailHandler.acknowledge failed', `#${row.id}`)).toHaveLength(1);
    expect(crisp.requests).toEqual([replyRequest('session_d', 'Got it, an operator will answer shortly.')]);
    expect(await replies()).toEqual([
      { handler: 'ReplyThenFailHandler.acknowledge', key: 'ack', status: 'sent', attempts: 2 },
    ]);
  });

  it('429 then 200: retried with the backoff, checked by fingerprint, sent once', async () => {
    crisp.answerNext({ status: 429, reason: 'rate_limited' });
    await t.post(emailHook('session_e')).expect(200);
    const [row] = await settledAs('processed');

    expect(row.attempts).toBe(2);
    const post = replyRequest('session_e', 'Thanks, we will follow up at visitor@example.com');
    const fingerprint = (crisp.requests[0].body as { fingerprint: number }).fingerprint;
    expect(crisp.requests).toEqual([
      post,
      expect.objectContaining({ method: 'GET', path: `${post.path}/${fingerprint}` }),
      post,
    ]);
    expect(crisp.messages.size).toBe(1);
    expect(
      t.logs.matching('VisitorRepliesHandler.thank failed', 'Crisp API could not send', '429 rate_limited'),
    ).toHaveLength(1);
  });

  it('404: that handler is dead at once, without retries; the other handler of the event is not affected', async () => {
    crisp.answerNext({ status: 404, reason: 'not_found' });
    await t.post(emailHook('session_f', 'gone@example.com')).expect(200);
    const [row] = await settledAs('dead');

    expect(row.attempts).toBe(1);
    expect(row).toMatchObject({
      handlers_dead: ['VisitorRepliesHandler.thank'],
      handlers_done: ['ContactCaptureHandler.capture'],
    });
    expect(await t.db.query(`SELECT "email" FROM "crisp_contacts"`)).toEqual([{ email: 'gone@example.com' }]);
    expect(crisp.requests).toHaveLength(1);
    expect(t.logs.matching('VisitorRepliesHandler.thank failed', '404 not_found')).toHaveLength(1);
  });
});

describe('Example app killed right after Crisp accepted a reply, then restarted', () => {
  it('sends it once: the restarted app finds it in the conversation by its fingerprint', async () => {
    const crisp = new FakeCrispApi();
    const restHost = await crisp.start();
    const database = await createTestDatabase();
    const db = new Client({ connectionString: database.url });
    const [port] = await freePorts(1);
    const env = { ...API_ENV, CRISP_API_URL: restHost, DATABASE_URL: database.url, CRISP_WEBHOOK_KEYS: 'child-key' };
    const script = { script: 'src/main.ts', ready: 'Replies to visitors are on', key: 'child-key' };
    let app: ChildApp | undefined;
    try {
      app = await startChildApp(env, port, script);
      const first = app;
      let killed: Promise<void> | undefined;
      crisp.onStored = () => (killed = first.kill('SIGKILL'));
      const answer = await fetch(app.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(emailHook('session_g')),
      });
      expect(answer.status).toBe(200);
      await waitFor(async () => killed !== undefined, 15_000);
      await killed;
      crisp.onStored = undefined;

      await db.connect();
      // Crisp has the message; the record still says it was being sent: the window the fingerprint covers.
      expect((await db.query(`SELECT "status" FROM "crisp_api_replies"`)).rows).toEqual([{ status: 'sending' }]);
      // The dead instance's lease would let another instance take the event after leaseSeconds (30 s); end it now.
      await db.query(`UPDATE "crisp_webhook_events" SET "locked_until" = now()`);

      app = await startChildApp(env, port, script);
      await waitFor(
        async () =>
          (await db.query(`SELECT 1 FROM "crisp_webhook_events" WHERE "status" = 'processed'`)).rows.length === 1,
        20_000,
      );
      const post = replyRequest('session_g', 'Thanks, we will follow up at visitor@example.com');
      const fingerprint = (crisp.requests[0].body as { fingerprint: number }).fingerprint;
      expect(crisp.requests).toEqual<CrispApiRequest[]>([
        post,
        expect.objectContaining({ method: 'GET', path: `${post.path}/${fingerprint}` }),
      ]);
      expect(crisp.messages.size).toBe(1);
      expect((await db.query(`SELECT "status", "attempts" FROM "crisp_api_replies"`)).rows).toEqual([
        { status: 'sent', attempts: 2 },
      ]);
      expect(app.output()).toContain(`was already in the conversation (fingerprint ${fingerprint}): not sent again`);
    } finally {
      await app?.kill('SIGTERM');
      await db.end();
      await database.drop();
      await crisp.close();
    }
  }, 90_000);
});
