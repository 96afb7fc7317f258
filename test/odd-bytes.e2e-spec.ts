import { CRISP_EVENT_SAMPLES, crispEvent } from 'nestjs-crisp-webhooks/testing';
import fc from 'fast-check';
import { startHostApp, type TestApp } from './utils/test-app';

const RUNS = 300;

/** Paths of every string field of a value, `website_id` of the envelope first. */
function textPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === 'string') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => textPaths(item, [...path, key]));
}

function withTexts(body: object, paths: readonly string[][], texts: readonly string[]): object {
  const copy = structuredClone(body) as Record<string, unknown>;
  paths.forEach((path, i) => {
    const parent = path.slice(0, -1).reduce((at, key) => at[key] as Record<string, unknown>, copy);
    parent[path.at(-1)!] = texts[i];
  });
  return copy;
}

/** What jsonb holds for a string: U+FFFD in place of NUL and of unpaired surrogates. */
const storable = (text: string) => text.toWellFormed().replaceAll('\u0000', '\uFFFD');

/**
 * Any text Crisp could relay: every Unicode character, and UTF-16 code units alone (NUL, halves of
 * surrogate pairs, as text cut in the middle of an emoji has).
 */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 40 }),
);

describe('Arbitrary characters in every text field of a known event', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startHostApp()));
  afterAll(() => t.close());

  it(`answers ${RUNS} message:send hooks 2xx (stored) or 202 (quarantined), never 4xx for their characters`, async () => {
    const sample = crispEvent('message:send', { data: CRISP_EVENT_SAMPLES['message:send'] });
    const paths = [['website_id'], ...textPaths(sample.data).map((path) => ['data', ...path])];
    let fingerprint = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: paths.length, maxLength: paths.length }), async (texts) => {
        // A website_id is never empty (that is not a Crisp envelope); a fresh fingerprint keeps each hook distinct.
        texts[0] = `w${texts[0]}`;
        const body = withTexts(sample, paths, texts) as { data: Record<string, unknown> };
        body.data.fingerprint = ++fingerprint;
        const text = JSON.stringify(body);
        const response = await t.post(text);
        expect([200, 202]).toContain(response.status);
        const [row] = await t.db.query(
          `SELECT "data", "website_id", "altered", "raw_body" FROM "crisp_webhook_events" WHERE "id" = $1`,
          [response.body.id],
        );
        const altered = texts.some((part) => storable(part) !== part);
        expect(row.website_id).toBe(storable(texts[0]));
        expect(row.data).toEqual(
          JSON.parse(JSON.stringify(body.data), (_key, value) => (typeof value === 'string' ? storable(value) : value)),
        );
        expect(row.altered).toBe(altered);
        expect(row.raw_body?.toString()).toBe(altered ? text : undefined);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('stores and handles a hook whose data has keys JavaScript gives a meaning to (constructor, __proto__)', async () => {
    const sample = crispEvent('session:set_data');
    const text = JSON.stringify(sample).replace(
      '"data":{"plan"',
      '"data":{"constructor":"x","__proto__":{"constructor":1},"toString":"y","plan"',
    );
    const response = await t.post(text);
    expect(response.status).toBe(200);
    const rows = await t.settled();
    const row = rows.find((stored) => stored.id === response.body.id);
    expect(row).toMatchObject({ status: 'processed', altered: false });
    expect(row?.data).toEqual(JSON.parse(text).data);
  });
});
