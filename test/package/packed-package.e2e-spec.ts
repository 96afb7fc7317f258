import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '../utils/test-database';
import { compileApp, installPackedLibrary, type ReadyApp, runPackedCli, startApp } from './packed-app';

/*
 * The library as a customer gets it: `npm pack` of its build, installed into a fresh app outside the repository
 * with only its required peers, compiled by tsc against the tarball's own declarations, booted on PostgreSQL, sent a
 * keyed hook. A file missing from the tarball, an export, a type or a peer the package forgets to declare fails here,
 * where the repository's own node_modules and sources would hide it.
 */
describe('the packed package in a fresh app', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'crisp-packed-app-'));
    await installPackedLibrary(folder);
  }, 120_000);

  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('ships the crisp-webhooks bin, which runs from the install on a plain .js DataSource file', async () => {
    const database = await createTestDatabase();
    try {
      await writeFile(
        join(folder, 'data-source.js'),
        `const { DataSource } = require('typeorm');
const { CRISP_WEBHOOKS_ENTITIES, CRISP_WEBHOOKS_MIGRATIONS } = require('nestjs-crisp-webhooks');
module.exports = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: CRISP_WEBHOOKS_ENTITIES, migrations: CRISP_WEBHOOKS_MIGRATIONS, migrationsRun: true });
`,
      );
      const listed = await runPackedCli(folder, ['-d', 'data-source.js', 'events', '--json'], {
        DATABASE_URL: database.url,
      });
      expect(JSON.parse(listed)).toEqual({ items: [], next_cursor: null });
    } finally {
      await database.drop();
    }
  }, 60_000);

  describe.each([
    ['a CommonJS', 'commonjs'],
    ['an ES module', 'module'],
  ] as const)('as %s app', (_label, type) => {
    let database: TestDatabase;
    let app: ReadyApp | undefined;

    beforeAll(async () => {
      database = await createTestDatabase();
    });

    afterAll(async () => {
      await app?.stop();
      await database.drop();
    });

    it('type-checks, boots, stores a keyed hook and runs its @OnCrispEvent handler', async () => {
      const compiled = await compileApp(folder, `app-${type}`, type);
      app = await startApp(compiled, { DATABASE_URL: database.url, CRISP_KEY: 'packed-app-key' });

      const response = await fetch(`${app.url}/crisp/hooks?key=packed-app-key`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(app.sample),
      });
      const answer = (await response.json()) as { ok: boolean; id: string };

      expect(response.status).toBe(200);
      expect(answer).toMatchObject({ ok: true, id: expect.any(String) });
      expect(await app.handled()).toEqual({
        id: answer.id,
        session: expect.stringMatching(/^session_/),
        content: 'refund',
      });
    }, 120_000);
  });
});
