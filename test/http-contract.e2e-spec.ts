import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { FixtureHandlers } from './fixtures/fixture-handlers';
import { startHostApp, type TestApp } from './utils/test-app';

describe('HTTP contract of the hook endpoint', () => {
  let t: TestApp;
  let fixtures: FixtureHandlers;

  beforeAll(async () => {
    t = await startHostApp({ providers: [FixtureHandlers], crisp: { bodyLimit: 64 * 1024 } });
    fixtures = t.app.get(FixtureHandlers);
  });
  afterAll(() => t.close());
  beforeEach(() => t.db.query(`TRUNCATE "crisp_webhook_events"`));

  const expectNothingStored = async () => expect(await t.events()).toEqual([]);

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses content type %s with 415',
    async (contentType) => {
      const response = await t.post(crispEvent('message:send'), { contentType }).expect(415);
      expect(response.body.message).toMatch(/application\/json/);
      await expectNothingStored();
    },
  );

  it('accepts application/json with a charset', async () => {
    await t.post(crispEvent('message:send'), { contentType: 'application/json; charset=utf-8' }).expect(200);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await t.post('{"website_id": ', {}).expect(400);
    expect(response.body.message).toMatch(/not valid JSON/);
    await expectNothingStored();
  });

  it('refuses a body over the limit with 413', async () => {
    const big = crispEvent('message:send', { data: { content: 'x'.repeat(70 * 1024) } });
    await t.post(big).expect(413);
    await expectNothingStored();
  });

  it('refuses a body that is not a Crisp envelope with 400 naming each field', async () => {
    const response = await t.post({ website_id: 42, event: '', timestamp: 'soon', data: [] }).expect(400);
    expect(response.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      'data',
      'event',
      'timestamp',
      'website_id',
    ]);
    await expectNothingStored();
  });

  it('stores JSON strings jsonb cannot hold (\\u0000, an unpaired surrogate) with U+FFFD, marked altered, and keeps the exact bytes', async () => {
    const text = JSON.stringify(crispEvent('message:send', { data: { content: 'before\u0000after \ud83d' } }));
    const response = await t.post(text).expect(200);
    const [row] = await t.settled();
    expect(row).toMatchObject({ id: response.body.id, status: 'processed', altered: true });
    expect(row.data.content).toBe('before\uFFFDafter \uFFFD');
    expect(row.raw_body?.toString()).toBe(text);
    expect(fixtures.received.at(-1)).toMatchObject({
      id: response.body.id,
      data: { content: 'before\uFFFDafter \uFFFD' },
    });
  });

  it('stores numbers a double does not hold as handlers see them, marked altered, and keeps the exact bytes', async () => {
    // JSON.parse rounds 2^53 + 1, makes 1e400 Infinity (stored and handled as null) and 1e-20000 zero.
    const text = JSON.stringify(crispEvent('session:set_email', { data: { huge: 1, tiny: 2, big: 3 } }))
      .replace('"huge":1', '"huge":1e400')
      .replace('"tiny":2', '"tiny":1e-20000')
      .replace('"big":3', '"big":9007199254740993');
    const response = await t.post(text).expect(200);
    const [row] = await t.settled();
    expect(row).toMatchObject({ altered: true, data: { huge: null, tiny: 0, big: 9007199254740992 } });
    expect(row.raw_body?.toString()).toBe(text);
    expect(fixtures.received.at(-1)).toMatchObject({ id: response.body.id, data: { huge: null, tiny: 0 } });
  });

  it('keeps no raw bytes for a hook stored as sent', async () => {
    await t.post(crispEvent('message:send')).expect(200);
    const [row] = await t.settled();
    expect(row).toMatchObject({ altered: false, raw_body: null });
  });

  it('answers 200, not 201, and keeps the fields the DTO does not know in storage', async () => {
    const body = crispEvent('session:set_email', { data: { brand_new_field: { nested: [1, 2] } } });
    await t.post(body).expect(200);
    const [row] = await t.settled();
    expect(row.data).toEqual(body.data);
  });

  it('quarantines a known event whose data fails its DTO: 202 naming each path, stored invalid, not dispatched', async () => {
    const before = fixtures.received.length;
    const body = crispEvent('message:send');
    Object.assign(body.data, { fingerprint: 'not-a-number', content: { text: 'x' } });
    const response = await t.post(body).expect(202);
    expect(response.body).toEqual({
      ok: true,
      id: expect.any(String),
      status: 'invalid',
      errors: [
        { path: 'data.fingerprint', messages: ['fingerprint must be an integer number'] },
        { path: 'data.content', messages: ["content must be a string when type is 'text'"] },
      ],
    });
    const [row] = await t.events();
    expect(row).toMatchObject({ status: 'invalid', errors: response.body.errors, data: body.data });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fixtures.received.length).toBe(before);
  });

  it("stores an event it does not know, answers 200, and hands it to '*' handlers only, typed unknown", async () => {
    const body = { website_id: 'w1', event: 'galaxy:created', data: { stars: 3 }, timestamp: 1_700_000_000_000 };
    const response = await t.post(body).expect(200);
    const [row] = await t.settled();
    expect(row).toMatchObject({ event: 'galaxy:created', data: { stars: 3 }, status: 'processed' });
    expect(fixtures.received.at(-1)).toEqual({
      id: response.body.id,
      known: false,
      website_id: 'w1',
      event: 'galaxy:created',
      data: { stars: 3 },
      timestamp: 1_700_000_000_000,
    });
  });

  it('does not answer on other methods or paths', async () => {
    await t.post(crispEvent('message:send'), { path: '/crisp/other' }).expect(404);
  });
});

describe('invalidEvents: reject', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startHostApp({ crisp: { invalidEvents: 'reject', path: 'hooks/crisp' } })));
  afterAll(() => t.close());

  it('answers 400 with the failing paths and stores nothing', async () => {
    const body = crispEvent('session:set_state');
    body.data.state = 'closed';
    const response = await t.post(body, { path: '/hooks/crisp' }).expect(400);
    expect(response.body.errors).toEqual([
      { path: 'data.state', messages: ['state must be one of the following values: pending, unresolved, resolved'] },
    ]);
    expect(await t.events()).toEqual([]);
  });

  it('serves the configured path', async () => {
    await t.post(crispEvent('session:set_state'), { path: '/hooks/crisp' }).expect(200);
  });
});
