import { CRISP_EVENT_DTOS, CRISP_EVENT_NAMES, type CrispEventName } from 'nestjs-crisp-webhooks';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { CatalogueHandlers, catalogueHandlerName } from './fixtures/catalogue-handlers';
import { requiredDataFields, wrongValueFor } from './utils/crisp-event-fields';
import { startHostApp, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const MESSAGE_EVENTS = CRISP_EVENT_NAMES.filter((name) => name.startsWith('message:'));

/** For each event, its first required data field other than `website_id` (own fields come first), if any. */
const FIRST_REQUIRED = CRISP_EVENT_NAMES.map((event) => {
  const [field, rules] = [...requiredDataFields(event)].find(([name]) => name !== 'website_id') ?? [];
  return { event, field, rules };
});
const WRONG_TYPE_CASES = FIRST_REQUIRED.flatMap(({ event, field, rules }) =>
  field && rules ? [[event, field, wrongValueFor(rules, crispEvent(event).data[field])] as const] : [],
);

describe('Every event of the catalogue, end to end', () => {
  let t: TestApp;
  let handlers: CatalogueHandlers;
  /** The id each event's valid sample was stored under. */
  const storedIds = new Map<CrispEventName, string>();

  beforeAll(async () => {
    t = await startHostApp({ providers: [CatalogueHandlers] });
    handlers = t.app.get(CatalogueHandlers);
  });
  afterAll(() => t.close());

  it('the fixture has one exact handler per event, under distinct method names', () => {
    const methods = new Set(CRISP_EVENT_NAMES.map(catalogueHandlerName));
    expect(CRISP_EVENT_NAMES).toHaveLength(82);
    expect(methods.size).toBe(82);
    for (const method of methods) expect(typeof Reflect.get(handlers, method)).toBe('function');
  });

  it.each(CRISP_EVENT_NAMES)('%s: answered 200, stored, and handed to its handler as its DTO', async (name) => {
    const body = crispEvent(name);
    const response = await t.post(body).expect(200);
    expect(response.body).toEqual({ ok: true, id: expect.any(String) });
    const id: string = response.body.id;
    storedIds.set(name, id);

    const [event] = await waitFor(async () => {
      const got = handlers.receivedWithId(name, id);
      return got.length > 0 && got;
    });
    expect(event).toMatchObject({ id, known: true, event: name, website_id: body.website_id });
    expect(event.timestamp).toBe(body.timestamp);
    expect(event.data).toBeInstanceOf(CRISP_EVENT_DTOS[name]);
    expect(event.data).toMatchObject(body.data);
    expect(handlers.receivedWithId(name, id)).toHaveLength(1);

    const row = await waitFor(async () => {
      const [stored] = await t.db.query(`SELECT * FROM "crisp_webhook_events" WHERE "id" = $1`, [id]);
      return stored?.status === 'processed' && stored;
    });
    expect(row).toMatchObject({ event: name, website_id: body.website_id, data: body.data });

    expect(handlers.receivedWithId('*', id)).toHaveLength(1);
    expect(handlers.receivedWithId('message:*', id)).toHaveLength(name.startsWith('message:') ? 1 : 0);
  });

  it("handed the family handler exactly the message events, and '*' all of them, once each", () => {
    const seenBy = (subscription: string) => (handlers.received.get(subscription) ?? []).map((event) => event.event);
    expect(seenBy('message:*')).toEqual(MESSAGE_EVENTS);
    expect(MESSAGE_EVENTS).toHaveLength(13);
    expect(seenBy('*')).toEqual(CRISP_EVENT_NAMES);
    for (const name of CRISP_EVENT_NAMES) expect(seenBy(name)).toEqual([name]);
    expect(new Set(handlers.received.get('*')?.map((event) => event.id))).toEqual(new Set(storedIds.values()));
  });

  describe('a required field of the wrong type', () => {
    it('applies to every event but those requiring nothing besides website_id', () => {
      expect(FIRST_REQUIRED.filter(({ field }) => !field).map(({ event }) => event)).toEqual([
        'plan:subscription:updated',
      ]);
      expect(WRONG_TYPE_CASES).toHaveLength(81);
    });

    it.each(WRONG_TYPE_CASES)(
      '%s: %s set to %j is quarantined: 202 naming data.<field>',
      async (name, field, wrong) => {
        const body = crispEvent(name, { data: { [field]: wrong } });
        const response = await t.post(body).expect(202);
        expect(response.body).toEqual({
          ok: true,
          id: expect.any(String),
          status: 'invalid',
          errors: expect.any(Array),
        });
        const paths = (response.body.errors as { path: string }[]).map((error) => error.path);
        expect(paths).toContain(`data.${field}`);
        const [row] = await t.db.query(`SELECT * FROM "crisp_webhook_events" WHERE "id" = $1`, [response.body.id]);
        expect(row).toMatchObject({ event: name, status: 'invalid', errors: response.body.errors, data: body.data });
      },
    );

    it('none of the quarantined events reached a handler', async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(handlers.received.get('*')).toHaveLength(82);
    });
  });
});
