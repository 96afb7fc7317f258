import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './utils/child-app';
import { startExampleApp, type StoredEventRow, TEST_KEY, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const ROOT = join(__dirname, '..');
/** The package's bin, as `npm run crisp` runs it, on the CLI's build. */
const BIN = join(ROOT, 'libs', 'crisp-webhooks', 'bin', 'crisp-webhooks.cjs');
const SECRET = 'cli-plugin-secret-0123456789';
/** Each CLI run starts Node and ts-node and opens the database: a few seconds apiece on a busy machine. */
const SLOW = 120_000;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let fingerprint = 1;
const message = (sessionId: string, content = 'hello') =>
  crispEvent('message:send', { data: { session_id: sessionId, fingerprint: fingerprint++, content } });

describe('The CLI (npm run crisp), a real child process on the example’s ormconfig.ts', () => {
  let t: TestApp;
  let hookUrl: string;
  let databaseUrl: string;
  /** Every output of the CLI so far: none may show the key or the secret. */
  const outputs: string[] = [];

  /** Runs the built bin from the project root, as `npm run crisp -- …` does, on the app's database. */
  const crisp = (args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [BIN, ...args],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, ...env }, timeout: 60_000 },
        (error, stdout, stderr) => {
          outputs.push(stdout, stderr);
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        },
      );
    });

  const json = <T>(result: CliResult): T => {
    expect(result).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(result.stdout) as T;
  };

  const post = async (...bodies: object[]) => {
    const ids: string[] = [];
    for (const body of bodies) ids.push((await t.post(body).expect(200)).body.id as string);
    await t.settled();
    return ids;
  };

  const row = async (id: string) =>
    (await t.events()).find((event) => event.id === id) as StoredEventRow & {
      handlers_done: string[];
      handlers_dead: string[];
    };

  beforeAll(async () => {
    t = await startExampleApp({ env: { CRISP_PLUGIN_SECRET: SECRET } });
    hookUrl = await t.listen();
    databaseUrl = (t.db.options as { url: string }).url;
  });
  afterAll(async () => {
    await t.close();
    expect(outputs.join('\n')).not.toContain(TEST_KEY);
    expect(outputs.join('\n')).not.toContain(SECRET);
  });
  beforeEach(() =>
    t.db.query(
      `TRUNCATE "crisp_webhook_events", "crisp_messages", "crisp_contacts", "crisp_greetings", "crisp_api_replies"`,
    ),
  );

  it(
    'send posts a realistic sample of any event, keyed or signed, and prints the answer',
    async () => {
      const keyed = await crisp([
        'send',
        'message:send',
        '--url',
        hookUrl,
        '--set',
        'data.content=hello from the cli',
        '--set',
        'data.session_id=session_cli',
        '--set',
        'data.user.nickname=Jane',
      ]);
      expect(keyed).toMatchObject({ code: 0, stderr: '' });
      expect(keyed.stdout).toMatch(
        /^POST http:\/\/127\.0\.0\.1:\d+\/crisp\/hooks\?key=REDACTED message:send → 200 \{"ok":true,"id":"\d+"\}\n$/,
      );
      const [stored] = await t.settled();
      expect(stored).toMatchObject({ event: 'message:send', status: 'processed' });
      expect(stored.data).toMatchObject({
        content: 'hello from the cli',
        session_id: 'session_cli',
        user: { nickname: 'Jane' },
      });

      // Signed as a Plugin Hook, the secret given or taken from the environment; each send is a new delivery.
      const bare = hookUrl.replace(/\?.*$/, '');
      const signed = json<{ status: number }>(
        await crisp(['send', 'session:set_email', '--url', bare, '--secret', SECRET, '--json']),
      );
      expect(signed).toMatchObject({ event: 'session:set_email', status: 200, body: { ok: true } });
      const fromEnv = await crisp(['send', 'session:set_email', '--url', bare], { CRISP_PLUGIN_SECRET: SECRET });
      expect(fromEnv.stdout).toContain('→ 200 {"ok":true,');

      const refused = await crisp(['send', 'session:set_email', '--url', bare, '--secret', 'not-the-secret']);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('→ 401');
      expect((await t.events()).map((event) => event.event)).toEqual([
        'message:send',
        'session:set_email',
        'session:set_email',
      ]);

      const misspelt = await crisp(['send', 'message:sned', '--url', hookUrl]);
      expect(misspelt.code).toBe(2);
      expect(misspelt.stderr).toMatch(
        /^error: No Crisp event is named message:sned\. Known events of message: .*message:send/,
      );
      const [closed] = await freePorts(1);
      const down = await crisp([
        'send',
        'message:send',
        '--url',
        `http://127.0.0.1:${closed}/crisp/hooks?key=${TEST_KEY}`,
      ]);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(
        /^error: Could not post message:send to .*key=REDACTED: ECONNREFUSED\. Is the app running there\?\n$/,
      );
      // A user and password have no place in a hook URL: refused, and not printed.
      const withUser = await crisp([
        'send',
        'message:send',
        '--url',
        `http://ops:hunter2@127.0.0.1:${closed}/crisp/hooks`,
      ]);
      expect(withUser.code).toBe(2);
      expect(withUser.stderr).toMatch(/^error: --url must be the hook URL, .*no user nor password/);
      expect(withUser.stderr).not.toContain('hunter2');
    },
    SLOW,
  );

  it(
    'events lists newest first, as a table or as JSON, with the admin API’s filters and a cursor; show gives one whole',
    async () => {
      const [a1, b1, a2] = await post(
        message('session_a', 'first'),
        message('session_b'),
        crispEvent('session:set_nickname', { data: { session_id: 'session_a', nickname: 'Jane' } }),
      );

      const table = await crisp(['events']);
      expect(table).toMatchObject({ code: 0, stderr: '' });
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^ID\s+RECEIVED\s+EVENT\s+STATUS\s+ATTEMPTS\s+SESSION\s+HANDLERS$/);
      expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual([a2, b1, a1]);
      // No handler of the example app subscribes to set_nickname.
      expect(lines[1]).toMatch(/session:set_nickname\s+processed\s+1\s+session_a\s+none$/);
      expect(lines[3]).toMatch(/message:send\s+processed\s+1\s+session_a\s+1 processed$/);

      type Page = { items: { id: string; event: string }[]; next_cursor: string | null };
      const messages = json<Page>(await crisp(['events', '--event', 'message:*', '--json']));
      expect(messages.items.map((item) => item.id)).toEqual([b1, a1]);
      const first = json<Page>(await crisp(['events', '--session', 'session_a', '--limit', '1', '--json']));
      expect(first.items.map((item) => item.id)).toEqual([a2]);
      const second = json<Page>(
        await crisp(['events', '--session', 'session_a', '--limit', '1', '--cursor', first.next_cursor!, '--json']),
      );
      expect(second).toEqual({ items: [expect.objectContaining({ id: a1 })], next_cursor: null });
      expect((await crisp(['events', '--limit', '2'])).stdout).toMatch(
        /\n\nMore: the same command with --cursor \S+\n$/,
      );
      expect((await crisp(['events', '--status', 'dead'])).stdout).toBe('No stored event matches.\n');
      // No handler subscribes to set_nickname: a handler deployed later would be backfilled over it.
      expect((await crisp(['replay', '--unhandled', '--dry-run'])).stdout).toMatch(
        /^Dry run: 1 event\(s\) would be queued \(1 matched\)/,
      );

      const shown = await crisp(['show', a1]);
      expect(shown).toMatchObject({ code: 0, stderr: '' });
      expect(shown.stdout).toMatch(/^id\s+\d+\nevent\s+message:send\n/);
      expect(shown.stdout).toMatch(/MessageHistoryHandler\.record\s+processed\s+-/);
      expect(shown.stdout).toContain('"content": "first"');
      expect(json(await crisp(['show', a1, '--json']))).toMatchObject({
        id: a1,
        status: 'processed',
        data: { content: 'first' },
        payload_dropped: false,
      });
      expect(await crisp(['show', '999999'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'No stored event has id 999999.\n',
      });
    },
    SLOW,
  );

  it(
    'replays dead events: a dry run changes nothing; then they end processed, the handler that had succeeded not run again',
    async () => {
      const [id] = await post(
        crispEvent('session:set_email', { data: { session_id: 'session_dead', email: 'dead@example.com' } }),
      );
      const done = (await row(id)).handlers_done;
      expect(done).toEqual(expect.arrayContaining(['ContactCaptureHandler.capture', 'VisitorRepliesHandler.thank']));
      // The contact handler had a bug: it failed to the last attempt, after the thanks had gone.
      await t.db.query(`DELETE FROM "crisp_contacts"`);
      await t.db.query(
        `UPDATE "crisp_webhook_events" SET "status" = 'dead', "handlers_done" = '["VisitorRepliesHandler.thank"]',
         "errors" = '[{"handler":"ContactCaptureHandler.capture","message":"boom"}]', "attempts" = 5 WHERE "id" = $1`,
        [id],
      );
      const thanks = () => t.logs.matching('would have sent thanks to conversation session_dead').length;
      const thanked = thanks();
      const before = await t.events();

      const dry = await crisp(['replay', '--status', 'dead', '--dry-run']);
      expect(dry).toMatchObject({ code: 0, stderr: '' });
      expect(dry.stdout).toBe('Dry run: 1 event(s) would be queued (1 matched). Nothing was changed.\n');
      expect(await t.events()).toEqual(before);

      const replayed = await crisp(['replay', '--status', 'dead', '--event', 'session:*']);
      expect(replayed.code).toBe(0);
      expect(replayed.stdout).toMatch(/^Queued 1 event\(s\) \(1 matched\)\./);
      // Not a terminal: the progress is a plain line per batch, on stderr.
      expect(replayed.stderr).toBe('Replaying: 1/1\n');
      await waitFor(async () => (await row(id)).status === 'processed', 15_000);
      expect((await row(id)).handlers_done.sort()).toEqual([...done].sort());
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS "count" FROM "crisp_contacts"`);
      expect(count).toBe(1);
      expect(thanks()).toBe(thanked);

      expect(json(await crisp(['replay', id, '--all', '--json']))).toEqual({
        queued: 1,
        dry_run: false,
        matched: 1,
        leased: 0,
        still_invalid: 0,
        payload_dropped: 0,
      });
      await waitFor(async () => (await row(id)).status === 'processed' && thanks() === thanked + 1, 15_000);

      const both = await crisp(['replay', id, '--status', 'dead']);
      expect(both).toMatchObject({ code: 2, stderr: 'error: Give event ids or a filter, not both.\n' });
      const none = await crisp(['replay']);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/replay never selects every stored event by default/);
      const missing = await crisp(['replay', '999999']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('1 of the ids given match no stored event.\n');
    },
    SLOW,
  );

  it(
    'prunes events older than an age, in batches: a dry run counts and changes nothing',
    async () => {
      const [old1, old2, fresh] = await post(message('prune_1'), message('prune_2'), message('prune_3'));
      await t.db.query(
        `UPDATE "crisp_webhook_events" SET "received_at" = now() - interval '40 days' WHERE "id" = ANY($1::bigint[])`,
        [[old1, old2]],
      );

      const dry = await crisp(['prune', '--older-than', '30d', '--dry-run']);
      expect(dry).toEqual({
        code: 0,
        stdout: 'Dry run: 2 stored event(s) would be deleted. Nothing was changed.\n',
        stderr: '',
      });
      expect(await t.events()).toHaveLength(3);

      const pruned = await crisp(['prune', '--older-than', '30d', '--event', 'message:send', '--json']);
      expect(pruned.code).toBe(0);
      expect(JSON.parse(pruned.stdout)).toEqual({ deleted: 2, dry_run: false });
      expect(pruned.stderr).toBe('Pruning: 2/2\n');
      expect((await t.events()).map((event) => event.id)).toEqual([fresh]);

      const noAge = await crisp(['prune']);
      expect(noAge.code).toBe(2);
      expect(noAge.stderr).toContain("error: required option '--older-than <age>' not specified");
      const badAge = await crisp(['prune', '--older-than', 'soon']);
      expect(badAge.code).toBe(2);
      expect(badAge.stderr).toMatch(/^error: olderThan must be a Date or a duration such as '30d'/);
      const badDate = await crisp(['prune', '--older-than', '2026-13-45']);
      expect(badDate).toMatchObject({ code: 2, stdout: '' });
      expect(badDate.stderr).toBe(
        'error: --older-than 2026-13-45 is no date: give one as 2026-01-31, or a duration (30d).\n',
      );
    },
    SLOW,
  );

  it(
    'erases a person: nothing of them is left in any table of the module or the app, raw bytes included',
    async () => {
      const jane = {
        email: 'jane.doe@example.com',
        sessions: ['session_jane_1', 'session_jane_2'],
        people: 'people_jane',
      };
      const [first, second] = jane.sessions;
      await post(
        crispEvent('session:set_email', { data: { session_id: first, email: 'Jane.Doe@example.com' } }),
        // A NUL cannot be stored in jsonb: the delivery is kept altered, its exact bytes in raw_body.
        message(first, 'my order 1234 is late\u0000'),
        crispEvent('session:sync:pages', { data: { session_id: first } }),
        crispEvent('people:profile:created', { data: { people_id: jane.people, email: jane.email } }),
        crispEvent('people:bind:session', { data: { people_id: jane.people, session_id: second } }),
        message(second, 'any news?'),
        crispEvent('session:set_email', { data: { session_id: 'session_bob', email: 'bob@example.com' } }),
        message('session_bob', 'hello from bob'),
      );
      await waitFor(async () => {
        const [{ count }] = await t.db.query(`SELECT count(*)::int AS "count" FROM "crisp_messages"`);
        return count === 3;
      });

      /** Rows of every table of the app's schema that mention a needle, in any column, bytes read as text too. */
      const mentions = async (needles: readonly string[]) => {
        const columns: { table_name: string; column_name: string; data_type: string }[] = await t.db.query(
          `SELECT "c"."table_name", "c"."column_name", "c"."data_type" FROM information_schema.columns "c"
         JOIN information_schema.tables "t" USING ("table_schema", "table_name")
         WHERE "c"."table_schema" = 'public' AND "t"."table_type" = 'BASE TABLE'`,
        );
        const found: Record<string, number> = {};
        for (const table of new Set(columns.map((column) => column.table_name))) {
          const bytes = columns
            .filter((column) => column.table_name === table && column.data_type === 'bytea')
            .map((column) => ` OR encode("t"."${column.column_name}", 'escape') ILIKE ANY($1::text[])`);
          const [{ count }] = await t.db.query(
            `SELECT count(*)::int AS "count" FROM "${table}" "t" WHERE "t"::text ILIKE ANY($1::text[])${bytes.join('')}`,
            [needles.map((needle) => `%${needle}%`)],
          );
          found[table] = count;
        }
        return found;
      };
      // A reply the module recorded in one of her conversations (replies are off in this app: made by hand).
      await t.db.query(
        `INSERT INTO "crisp_api_replies" ("event_id", "handler", "key", "website_id", "session_id", "fingerprint", "status")
         VALUES (1, 'VisitorRepliesHandler.thank', 'thanks', 'website', $1, 1, 'sent')`,
        [second],
      );
      const needles = [jane.email, ...jane.sessions, jane.people, 'order 1234'];
      expect(await mentions(needles)).toMatchObject({
        crisp_webhook_events: 6,
        crisp_messages: 2,
        crisp_contacts: 1,
        crisp_greetings: 1,
        crisp_api_replies: 1,
      });
      const [{ altered }] = await t.db.query(
        `SELECT count(*)::int AS "altered" FROM "crisp_webhook_events" WHERE encode("raw_body", 'escape') LIKE '%order 1234%'`,
      );
      expect(altered).toBe(1);

      const erased = await crisp(['erase', '--email', 'JANE.DOE@example.com']);
      expect(erased).toEqual({
        code: 0,
        stdout:
          `Erased 6 stored event(s) of JANE.DOE@example.com (conversations ${first}, ${second}; People profiles ` +
          `${jane.people}), and the app's copies through crispErasure.\n`,
        stderr: 'Erasing: 1/2\nErasing: 2/2\n',
      });
      const after = await mentions(needles);
      expect(Object.keys(after)).toEqual(
        expect.arrayContaining([
          'crisp_webhook_events',
          'crisp_messages',
          'crisp_contacts',
          'crisp_greetings',
          'crisp_api_replies',
        ]),
      );
      expect(Object.entries(after).filter(([, count]) => count > 0)).toEqual([]);
      expect(await mentions(['bob@example.com', 'session_bob'])).toMatchObject({
        crisp_webhook_events: 2,
        crisp_messages: 1,
        crisp_contacts: 1,
      });

      // A DataSource file with no crispErasure: the module's rows go, and the CLI says what it could not erase.
      const unhooked = await crisp(['-d', 'test/fixtures/cli/data-source.ts', 'erase', '--session', 'session_nobody']);
      expect(unhooked).toMatchObject({
        code: 0,
        stdout: 'Erased 0 stored event(s) of session_nobody (conversations session_nobody).\n',
      });
      expect(unhooked.stderr).toMatch(
        /fixtures\/cli\/data-source\.ts exports no crispErasure: only the module's rows were erased/,
      );

      const bob = await crisp(['erase', '--session', 'session_bob', '--json']);
      expect(bob.code).toBe(0);
      expect(JSON.parse(bob.stdout)).toEqual({
        deleted: 2,
        email: null,
        session_ids: ['session_bob'],
        people_ids: [],
      });
      for (const args of [['erase'], ['erase', '--session', 'session_bob', '--email', 'bob@example.com']]) {
        expect(await crisp(args)).toEqual({
          code: 2,
          stdout: '',
          stderr: 'error: Give --session <session_id> or --email <address> (one of them).\n',
        });
      }
    },
    SLOW,
  );

  it(
    'a bad argument, file or database gives a clear message and a non-zero exit code, never a stack trace',
    async () => {
      const cases: [readonly string[], Record<string, string>, number, RegExp][] = [
        [['events', '--bogus'], {}, 2, /^error: unknown option '--bogus'\n\(add --help for usage\)\n$/],
        [['frobnicate'], {}, 2, /^error: unknown command 'frobnicate'/],
        [['events', '--status', 'bogus'], {}, 2, /^error: Unknown status bogus: use one of received, processed/],
        [
          ['events', '--since', 'yesterday'],
          {},
          2,
          /^error: since must be an ISO 8601 date or ms since the epoch\.\n$/,
        ],
        [['replay', 'abc'], {}, 2, /^error: Event ids are positive whole numbers, got abc\.\n$/],
        [
          ['-d', 'missing.ts', 'events'],
          {},
          2,
          /^error: No DataSource file at .*missing\.ts\. Give the file the TypeORM CLI uses with -d/,
        ],
        [
          ['events'],
          { DATABASE_URL: 'postgres://postgres@127.0.0.1:9/nowhere' },
          1,
          /^error: Could not open the database of .*ormconfig\.ts: .*ECONNREFUSED.*\. Check its settings \(e\.g\. DATABASE_URL\)/,
        ],
      ];
      for (const [args, env, code, stderr] of cases) {
        const result = await crisp(args, env);
        expect({ args, code: result.code, stdout: result.stdout }).toEqual({ args, code, stdout: '' });
        expect(result.stderr).toMatch(stderr);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
      const help = await crisp(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Commands:\n\s+send \[options\] <event>/);
    },
    SLOW,
  );

  it(
    'works on the embedded database too (no DATABASE_URL), which it creates as the app would',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'crisp-cli-pglite-'));
      try {
        const env = { DATABASE_URL: '', PGLITE_DATA_DIR: folder };
        expect(json(await crisp(['events', '--json'], env))).toEqual({ items: [], next_cursor: null });
        expect(json(await crisp(['prune', '--older-than', '1d', '--json'], env))).toEqual({
          deleted: 0,
          dry_run: false,
        });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});
