import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { Client } from 'pg';
import { DEFAULT_GREET_MESSAGE } from '../src/config/visitor-replies.config';
import { type ChildApp, freePorts, jsonLogLines, startChildApp } from './utils/child-app';
import { FakeCrispApi } from './utils/fake-crisp-api';
import { createTestDatabase } from './utils/test-database';
import { waitFor } from './utils/wait-for';

describe('Example app without a Crisp token', () => {
  it('says at start-up that replies are off and how to turn them on, sends nothing, logs each reply once', async () => {
    const crisp = new FakeCrispApi();
    const database = await createTestDatabase();
    const db = new Client({ connectionString: database.url });
    const [port] = await freePorts(1);
    let app: ChildApp | undefined;
    try {
      const env = { CRISP_API_URL: await crisp.start(), DATABASE_URL: database.url, CRISP_WEBHOOK_KEYS: 'child-key' };
      app = await startChildApp(env, port, {
        script: 'src/main.ts',
        ready: 'Replies to visitors are',
        key: 'child-key',
      });
      expect(app.output()).toContain(
        'Replies to visitors are off: each one is logged instead of sent. To send them, set CRISP_API_IDENTIFIER ' +
          'and CRISP_API_KEY to a Crisp plugin token',
      );
      const pages = (timestamp: number) =>
        crispEvent('session:sync:pages', {
          data: { pages: [{ page_url: 'https://www.example.com/pricing', timestamp }] },
          timestamp,
        });
      // Two visits of the pricing page in one conversation, the second delivered twice, and an email.
      for (const body of [pages(1), pages(2), pages(2), crispEvent('session:set_email')]) {
        const answer = await fetch(app.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(answer.status).toBe(200);
      }
      await db.connect();
      await waitFor(
        async () =>
          (await db.query(`SELECT 1 FROM "crisp_webhook_events" WHERE "status" = 'processed'`)).rows.length === 3,
        20_000,
      );
      const lines = (text: string) =>
        app!
          .output()
          .split('\n')
          .filter((line) => line.includes(text));
      const conversation = `conversation ${crispEvent('session:set_email').data.session_id}`;
      expect(lines(`Replies are off: would have sent greeting to ${conversation}`)).toEqual([
        expect.stringContaining(JSON.stringify(DEFAULT_GREET_MESSAGE)),
      ]);
      expect(lines(`Replies are off: would have sent thanks to ${conversation}`)).toEqual([
        expect.stringContaining(
          JSON.stringify(`Thanks, we will follow up at ${crispEvent('session:set_email').data.email}`),
        ),
      ]);
      expect(crisp.requests).toEqual([]);
      expect((await db.query(`SELECT 1 FROM "crisp_api_replies"`)).rows).toEqual([]);
      // Text logs are read in order on a terminal: no run tracking, so no event fields on the handler's line.
      expect(lines('would have sent thanks')[0]).not.toContain('crispEventId');
    } finally {
      await app?.kill('SIGTERM');
      await db.end();
      await database.drop();
      await crisp.close();
    }
  }, 60_000);

  it("writes a handler's line with its event's fields in JSON logs (LOG_FORMAT=json)", async () => {
    const database = await createTestDatabase();
    const [port] = await freePorts(1);
    let app: ChildApp | undefined;
    try {
      const env = { DATABASE_URL: database.url, CRISP_WEBHOOK_KEYS: 'child-key', LOG_FORMAT: 'json' };
      app = await startChildApp(env, port, {
        script: 'src/main.ts',
        ready: 'Replies to visitors are',
        key: 'child-key',
      });
      const answer = await fetch(app.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(crispEvent('session:set_email')),
      });
      const { id } = (await answer.json()) as { id: string };
      const line = await waitFor(async () =>
        jsonLogLines(app!.output()).find((entry) =>
          entry.message.startsWith('Replies are off: would have sent thanks'),
        ),
      );
      expect(line.params).toMatchObject({
        crispEventId: id,
        crispHandler: expect.stringMatching(/\./),
        crispAttempt: 1,
      });
    } finally {
      await app?.kill('SIGTERM');
      await database.drop();
    }
  }, 60_000);
});
