import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { MessageHistoryHandler } from '../src/conversations/message-history.handler';
import { FixtureHandlers } from './fixtures/fixture-handlers';
import { startExampleApp, TEST_KEY, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

/** Crisp's own documented example of a message:send hook. */
const CRISP_EXAMPLE = readFileSync(
  join(__dirname, '..', '..', 'shared', 'crisp', 'examples', 'message-send.json'),
  'utf8',
);

describe('Example app on PostgreSQL', () => {
  let t: TestApp;
  let fixtures: FixtureHandlers;

  beforeAll(async () => {
    t = await startExampleApp({ providers: [FixtureHandlers] });
    fixtures = t.app.get(FixtureHandlers);
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query(`TRUNCATE "crisp_webhook_events", "crisp_messages", "crisp_contacts"`));

  it("round-trips Crisp's documented message:send example: 200, stored, handled into crisp_messages", async () => {
    const response = await t.post(CRISP_EXAMPLE).expect(200);
    expect(response.body).toEqual({ ok: true, id: expect.any(String) });

    const [row] = await t.settled();
    const example = JSON.parse(CRISP_EXAMPLE);
    expect(row).toMatchObject({
      id: response.body.id,
      website_id: example.website_id,
      event: 'message:send',
      data: example.data,
      status: 'processed',
      errors: null,
    });
    expect(row.occurred_at.getTime()).toBe(example.timestamp);
    expect(row.received_at).toBeInstanceOf(Date);

    const messages = await t.db.query(`SELECT * FROM "crisp_messages"`);
    expect(messages).toEqual([
      {
        id: expect.any(String),
        website_id: example.data.website_id,
        session_id: example.data.session_id,
        fingerprint: String(example.data.fingerprint),
        from: 'user',
        type: 'text',
        origin: 'chat',
        content: 'Hey :)',
        timestamp: new Date(example.data.timestamp),
      },
    ]);
  });

  it('stores operator replies (message:received) and non-text content as JSON', async () => {
    const file = { name: 'invoice.pdf', url: 'https://files.example/invoice.pdf', type: 'application/pdf' };
    await t
      .post(crispEvent('message:received', { data: { type: 'file', content: file, from: 'operator' } }))
      .expect(200);
    await t.settled();
    const [message] = await t.db.query(`SELECT "from", "type", "content" FROM "crisp_messages"`);
    expect(message).toEqual({ from: 'operator', type: 'file', content: JSON.stringify(file) });
  });

  it('writes the message history in batches, and a message the database refuses fails alone', async () => {
    const history = t.app.get(MessageHistoryHandler) as unknown as {
      insert(rows: readonly { fingerprint: string }[]): Promise<void>;
      record(event: unknown): Promise<void>;
    };
    const insert = history.insert.bind(history);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const batches: string[][] = [];
    // The first batch is held, so that the next messages all wait for the following one.
    const inserts = jest.spyOn(history, 'insert').mockImplementation(async (rows) => {
      batches.push(rows.map((row) => row.fingerprint));
      if (batches.length === 1) await held;
      return insert(rows);
    });
    const records = jest.spyOn(history, 'record');
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const message = (fingerprint: number) => crispEvent('message:send', { data: { fingerprint } });
      await t.post(message(1)).expect(200);
      await waitFor(async () => batches.length === 1);
      // An integer for the DTO, past bigint for the database.
      const fingerprints = [2, 3, 1e20, 4, 5];
      await Promise.all(fingerprints.map((fingerprint) => t.post(message(fingerprint)).expect(200)));
      await waitFor(async () => records.mock.calls.length === 6);
      release();
      const rows = await t.settled();

      expect([...batches[1]].sort()).toEqual(['100000000000000000000', '2', '3', '4', '5']);
      const stored = await t.db.query(`SELECT "fingerprint" FROM "crisp_messages" ORDER BY "fingerprint"::bigint`);
      expect(stored.map((row: { fingerprint: string }) => row.fingerprint)).toEqual(['1', '2', '3', '4', '5']);
      const refused = rows.filter((row) => row.status !== 'processed');
      expect(refused).toEqual([
        expect.objectContaining({
          status: 'failed',
          errors: [{ handler: 'MessageHistoryHandler.record', message: expect.stringContaining('out of range') }],
        }),
      ]);
      expect(refused[0].data).toMatchObject({ fingerprint: 1e20 });
    } finally {
      release();
      inserts.mockRestore();
      records.mockRestore();
      logged.mockRestore();
    }
  });

  it('captures emails from session:set_email, the newest one winning whatever the arrival order', async () => {
    const email = (address: string, timestamp: number) =>
      crispEvent('session:set_email', { data: { email: address }, timestamp });
    await t.post(email('first@example.com', 1_700_000_000_000)).expect(200);
    await t.post(email('newest@example.com', 1_700_000_002_000)).expect(200);
    await t.settled();
    await t.post(email('late-but-older@example.com', 1_700_000_001_000)).expect(200);
    await t.settled();
    const contacts = await t.db.query(`SELECT "session_id", "email", "updated_at" FROM "crisp_contacts"`);
    expect(contacts).toEqual([
      {
        session_id: crispEvent('session:set_email').data.session_id,
        email: 'newest@example.com',
        updated_at: new Date(1_700_000_002_000),
      },
    ]);
  });

  it('answers a repeated delivery 2xx without storing or handling it again', async () => {
    await t.post(CRISP_EXAMPLE).expect(200);
    await t.settled();
    const repeat = await t.post(CRISP_EXAMPLE, { headers: { 'X-Delivery-Attempt-Count': '2' } }).expect(200);
    expect(repeat.body).toEqual({ ok: true, duplicate: true });
    expect(await t.events()).toHaveLength(1);
    expect(await t.db.query(`SELECT 1 FROM "crisp_messages"`)).toHaveLength(1);
  });

  it('records X-Delivery-Attempt-Count', async () => {
    await t.post(crispEvent('session:set_state'), { headers: { 'X-Delivery-Attempt-Count': '3' } }).expect(200);
    const [row] = await t.settled();
    expect(row.delivery_attempt).toBe(3);
  });

  it('answers before a slow handler finishes', async () => {
    let release!: () => void;
    fixtures.gate = new Promise((resolve) => (release = resolve));
    const response = await t.post(crispEvent('session:set_state')).expect(200);
    const [row] = await t.events();
    expect(row.status).toBe('received');
    expect(fixtures.slowDone).not.toContain(response.body.id);
    release();
    fixtures.gate = undefined;
    await waitFor(async () => fixtures.slowDone.includes(response.body.id));
    expect((await t.settled())[0].status).toBe('processed');
  });

  it('logs a throwing handler with the event id, keeps the 2xx, and still runs the other handlers', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const before = fixtures.received.length;
    const response = await t.post(crispEvent('message:updated')).expect(200);
    const [row] = await t.settled();
    expect(logged).toHaveBeenCalledWith(
      `Handler FixtureHandlers.fail failed on Crisp event #${response.body.id} (message:updated)`,
      expect.stringContaining('fixture handler failed on purpose'),
    );
    logged.mockRestore();
    expect(row.status).toBe('failed');
    expect(row.errors).toEqual([{ handler: 'FixtureHandlers.fail', message: 'fixture handler failed on purpose' }]);
    expect(fixtures.received.slice(before).map((event) => event.id)).toEqual([response.body.id]);
  });

  it('accepts every configured key (rotation) and refuses a wrong or missing key with 401, storing nothing', async () => {
    const rotated = await startExampleApp({ env: { CRISP_WEBHOOK_KEYS: `old-key-1, ${TEST_KEY}` } });
    try {
      await rotated.post(crispEvent('session:set_state'), { key: 'old-key-1' }).expect(200);
      await rotated.post(crispEvent('session:set_state', { timestamp: 2 })).expect(200);
      for (const key of ['wrong', 'old-key-', '', null]) {
        const refused = await rotated.post(crispEvent('session:set_state', { timestamp: 3 }), { key }).expect(401);
        expect(JSON.stringify(refused.body)).not.toMatch(/old-key|e2e-key/);
      }
      expect(await rotated.events()).toHaveLength(2);
    } finally {
      await rotated.close();
    }
  });
});
