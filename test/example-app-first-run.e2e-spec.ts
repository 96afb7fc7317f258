import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ChildApp, freePorts, jsonLogLines, startExampleChildApp } from './utils/child-app';
import { createTestDatabase, type TestDatabase } from './utils/test-database';
import { waitFor } from './utils/wait-for';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

/**
 * The key's place is decided by the embedded database's directory (`PGLITE_DATA_DIR`); the database
 * itself is the test server's, whose start-up is quick (PGlite's first start is covered by
 * embedded-database.e2e-spec.ts).
 */
describe('Example app, first run without a configured key (real child processes)', () => {
  let dir: string;
  let database: TestDatabase;
  let app: ChildApp | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crisp-first-run-'));
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await app?.kill('SIGTERM');
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its generated key beside the database directory, so the URL pasted into Crisp works after a restart', async () => {
    const [port] = await freePorts(1);
    const env = {
      PGLITE_DATA_DIR: join(dir, 'pglite'),
      CRISP_WEBHOOK_KEYS: '',
      CRISP_WEBSITE_KEYS: '',
      DATABASE_URL: database.url,
      NODE_ENV: 'development',
      LOG_FORMAT: 'json',
    };
    const hookUrl = (output: string) => {
      const line = jsonLogLines(output).find((entry) => entry.message.includes('/crisp/hooks?key='));
      return line && new URL(line.message.slice(line.message.indexOf('http')));
    };

    app = await startExampleChildApp(env, port);
    const first = hookUrl(app.output())!;
    const key = first.searchParams.get('key')!;
    expect(readFileSync(join(dir, 'crisp-webhook-key'), 'utf8').trim()).toBe(key);
    const banner = jsonLogLines(app.output()).map((entry) => entry.message);
    expect(banner).toContainEqual(expect.stringContaining('kept in'));
    expect(banner).toContainEqual(expect.stringContaining('crisp-webhook-key'));
    expect(banner).toContainEqual(expect.stringContaining('set CRISP_WEBHOOK_KEYS='));
    const url = `http://127.0.0.1:${port}/crisp/hooks?key=${key}`;
    const stored = await post(url, crispEvent('message:send'));
    expect(stored.status).toBe(200);
    const { id } = (await stored.json()) as { id: string };

    // In development the hook shows up as it arrives, as a JSON line without the key or the payload.
    const delivery = await waitFor(async () =>
      jsonLogLines(app!.output()).find((entry) => entry.message.startsWith(`Crisp hook message:send`)),
    );
    expect(delivery).toMatchObject({ level: 'debug', context: 'CrispWebhooks' });
    expect(delivery.message).toContain(`id=${id} outcome=stored status=200`);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('crisp_webhooks_deliveries_total{outcome="stored",family="message"} 1');
    await app.kill('SIGTERM');

    app = await startExampleChildApp(env, port);
    expect(hookUrl(app.output())?.searchParams.get('key')).toBe(key);
    const again = await post(url, crispEvent('message:send', { data: { fingerprint: 2 } }));
    expect(again.status).toBe(200);
    expect(Number(((await again.json()) as { id: string }).id)).toBeGreaterThan(Number(id));
    const output = app.output();
    expect(output.split(key).length - 1).toBe(1);
  }, 120_000);
});
