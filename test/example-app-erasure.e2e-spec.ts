import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import request from 'supertest';
import { startExampleApp, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const TOKEN = 'example-admin-token-0123456789';
const JANE = { email: 'jane.doe@example.com', sessions: ['session_jane_1', 'session_jane_2'], people: 'people_jane' };

let fingerprint = 1;
const message = (type: 'message:send' | 'message:received', sessionId: string, content: string) =>
  crispEvent(type, { data: { session_id: sessionId, fingerprint: fingerprint++, content } });

/** Every row of every table in the app's schema that mentions one of `needles`, by table. */
async function mentions(t: TestApp, needles: readonly string[]): Promise<Record<string, number>> {
  const tables: { table_name: string }[] = await t.db.query(
    `SELECT "table_name" FROM information_schema.tables WHERE "table_schema" = 'public' AND "table_type" = 'BASE TABLE'`,
  );
  const found: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS "count" FROM "${table}" "t" WHERE "t"::text ILIKE ANY($1::text[])`,
      [needles.map((needle) => `%${needle}%`)],
    );
    found[table] = count;
  }
  return found;
}

describe('Example app: erasing a person', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startExampleApp({ env: { CRISP_ADMIN_TOKEN: TOKEN } });
  });
  afterAll(() => t.close());

  it('leaves nothing of that person in any table the module or the app owns, and keeps everyone else', async () => {
    const [first, second] = JANE.sessions;
    const bodies = [
      crispEvent('session:set_email', { data: { session_id: first, email: 'Jane.Doe@example.com' } }),
      message('message:send', first, 'my order 1234 is late'),
      message('message:received', first, 'sorry Jane, looking into it'),
      crispEvent('people:profile:created', { data: { people_id: JANE.people, email: JANE.email } }),
      crispEvent('people:bind:session', { data: { people_id: JANE.people, session_id: second } }),
      message('message:send', second, 'any news?'),
      crispEvent('session:set_email', { data: { session_id: 'session_bob', email: 'bob@example.com' } }),
      message('message:send', 'session_bob', 'hello from bob'),
    ];
    for (const body of bodies) await t.post(body).expect(200);
    await t.settled();
    await waitFor(async () => {
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS "count" FROM "crisp_messages"`);
      return count === 4;
    });
    const needles = [JANE.email, ...JANE.sessions, JANE.people, 'order 1234'];
    const before = await mentions(t, needles);
    expect(before).toMatchObject({ crisp_webhook_events: 6, crisp_messages: 3, crisp_contacts: 1 });

    const refused = await request(t.app.getHttpServer()).delete(`/crisp/hooks/events?email=${JANE.email}`);
    expect(refused.status).toBe(401);
    const erased = await request(t.app.getHttpServer())
      .delete(`/crisp/hooks/events?email=${encodeURIComponent('JANE.DOE@example.com')}`)
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(200);
    expect(erased.body).toEqual({ deleted: 6 });

    const after = await mentions(t, needles);
    expect(Object.values(after).every((count) => count === 0)).toBe(true);
    expect(Object.keys(after)).toEqual(
      expect.arrayContaining(['crisp_webhook_events', 'crisp_messages', 'crisp_contacts']),
    );
    expect(await mentions(t, ['bob@example.com', 'session_bob'])).toMatchObject({
      crisp_webhook_events: 2,
      crisp_messages: 1,
      crisp_contacts: 1,
    });
  });
});
