import { type CrispEventName } from 'nestjs-crisp-webhooks';
import { CRISP_EVENT_SAMPLES, crispEvent, crispSignatureHeaders } from 'nestjs-crisp-webhooks/testing';
import fc from 'fast-check';
import request from 'supertest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startHostApp, TEST_KEY, type TestApp } from './utils/test-app';

const SECRET = 'fuzz-plugin-secret-2b7e151628aed2a6';
const BODY_LIMIT = 16 * 1024;
const UNAUTHENTICATED_RUNS = 3000;
const AUTHENTICATED_RUNS = 1000;
/** Heap growth allowed over the unauthenticated run, after a full collection before and after it. */
const HEAP_TOLERANCE_BYTES = 8 * 1024 * 1024;
/** The runs take 5 to 15 s alone; other test files running beside them can slow them down. */
const FUZZ_TIMEOUT_MS = 90_000;

/** A full garbage collection, without running Jest with --expose-gc: V8 exposes `gc` to contexts made after the flag. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapAfterGc = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const EVENTS = Object.keys(CRISP_EVENT_SAMPLES) as CrispEventName[];
const printable = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength });

/** Hook bodies from plausible to hostile, as bytes or text. */
const body: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
  fc.json({ maxDepth: 6 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? ''),
  fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"data":[', ']}']))
    .map(([depth, [open, close]]) => `${open.repeat(depth)}1${close.repeat(depth)}`),
  fc
    .constantFrom('1e309', '-1e400', '123456789012345678901234567890', `0.${'0'.repeat(400)}1`, '9'.repeat(800), '-0')
    .map((n) => `{"website_id":"w","event":"message:send","data":{"fingerprint":${n}},"timestamp":${n}}`),
  fc
    .constantFrom('\\u0000', '\\ud800', '\\udfff\\ud800', 'x\\u0000y', '\\\\u0000', '\\"')
    .map((s) => `{"website_id":"w${s}","event":"message:send","data":{"content":"${s}","${s}":1},"timestamp":1}`),
  fc
    .string({ unit: 'binary', maxLength: 100 })
    .map((s) => JSON.stringify({ website_id: s, event: s || 'message:send', data: { content: s }, timestamp: 1 })),
  fc
    .record(
      {
        website_id: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.jsonValue()),
        event: fc.oneof(fc.constantFrom(...EVENTS), fc.string(), fc.jsonValue()),
        data: fc.oneof(fc.jsonValue(), fc.constantFrom(...Object.values(CRISP_EVENT_SAMPLES))),
        timestamp: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constantFrom(-1, 8.64e15 + 1)),
      },
      { requiredKeys: [] },
    )
    .map((envelope) => JSON.stringify(envelope)),
  fc
    .tuple(fc.constantFrom(...EVENTS), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.nat())
    .map(([event, extra, timestamp]) => {
      const hook = crispEvent(event, { timestamp });
      Object.assign(hook.data, extra);
      return JSON.stringify(hook);
    }),
  fc.constant(
    '{"__proto__":{"polluted":1},"website_id":"w","event":"message:send","data":{"__proto__":{}},"timestamp":1}',
  ),
  fc.integer({ min: BODY_LIMIT + 1, max: BODY_LIMIT * 2 }).map((size) => 'x'.repeat(size)),
  fc.constant(''),
);

const contentType = fc.oneof(
  { arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON'), weight: 4 },
  fc.constantFrom(
    'application/jsonx',
    'application/json-patch+json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '',
  ),
  printable(40),
);

/** Query-string text with the characters that matter to parsers: escapes (valid or not), brackets, separators. */
const queryText = fc.string({ unit: fc.constantFrom(...'ak9-_.~!*()[]+=&%EZ'.split('')), maxLength: 30 });
const WRONG_KEYS = ['wrong-key', `${TEST_KEY}x`, TEST_KEY.slice(0, -1), TEST_KEY.toUpperCase()];
/** Parameters that must not authenticate, the real key among them in spellings a parser must not read as the key. */
const unauthenticatedParameter = fc.oneof(
  fc.tuple(
    fc.constantFrom('key', '%6Bey', 'k%65y', 'key[]', 'KEY'),
    fc.oneof(queryText, fc.constantFrom(...WRONG_KEYS)),
  ),
  fc.constantFrom(`key[]=${TEST_KEY}`, `key[0]=${TEST_KEY}`, `KEY=${TEST_KEY}`, `key.a=${TEST_KEY}`),
  fc.constantFrom(`key=${TEST_KEY}&key=${TEST_KEY}`, `key=${TEST_KEY}&%6Bey=x`),
  fc.tuple(queryText, queryText),
);
const query = fc
  .array(
    unauthenticatedParameter.map((parameter) => (Array.isArray(parameter) ? parameter.join('=') : parameter)),
    { maxLength: 4 },
  )
  .map((parameters) => (parameters.length > 0 ? `?${parameters.join('&')}` : ''));

const forgedSignature = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString('hex'));
/**
 * Signature headers: absent or garbage (refused before the body is read), or of the right shape but
 * forged, which takes the request through reading, parsing and signature verification before its 401.
 */
const signatureHeaders = fc.oneof(
  fc.record(
    {
      'X-Crisp-Signature': fc.oneof(printable(80), forgedSignature),
      'X-Crisp-Request-Timestamp': printable(20),
      'X-Delivery-Attempt-Count': printable(12),
    },
    { requiredKeys: [] },
  ),
  fc.record({
    'X-Crisp-Signature': fc.oneof(
      forgedSignature,
      forgedSignature.map((signature) => signature.toUpperCase()),
    ),
    'X-Crisp-Request-Timestamp': fc.oneof(
      fc.nat().map(String),
      printable(20).filter((text) => text.length > 0),
    ),
  }),
);

describe('Fuzzing the hook endpoint with malformed bodies, headers and query strings', () => {
  let t: TestApp;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    t = await startHostApp({
      crisp: { keys: [TEST_KEY], pluginSecret: SECRET, bodyLimit: BODY_LIMIT, authFailureLimit: false },
    });
    await t.app.listen(0, '127.0.0.1');
    server = t.app.getHttpServer();
  });
  afterAll(() => t.close());

  const send = (path: string, type: string, headers: Record<string, string>, payload: string | Buffer) =>
    request(server).post(path).set('Content-Type', type).set(headers).send(payload);

  const unauthenticated = fc.asyncProperty(
    query,
    signatureHeaders,
    contentType,
    body,
    async (search, headers, type, payload) => {
      const response = await send(`/crisp/hooks${search}`, type, headers, payload);
      expect([400, 401, 413, 415]).toContain(response.status);
      expect(response.text).not.toContain(TEST_KEY);
    },
  );

  it(
    `answers ${UNAUTHENTICATED_RUNS} unauthenticated requests with a 4xx, stores none, and keeps the heap flat`,
    async () => {
      await fc.assert(unauthenticated, { numRuns: 200 }); // warms up the JIT, pools and caches before measuring
      const before = heapAfterGc();
      await fc.assert(unauthenticated, { numRuns: UNAUTHENTICATED_RUNS });
      const growth = heapAfterGc() - before;
      expect(growth).toBeLessThan(HEAP_TOLERANCE_BYTES);
      expect(await t.events()).toEqual([]);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `answers ${AUTHENTICATED_RUNS} requests with the good key 2xx or 4xx, storing exactly the 2xx ones`,
    async () => {
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(contentType, body, signatureHeaders, async (type, payload, headers) => {
          const response = await send(`/crisp/hooks?key=${TEST_KEY}`, type, headers, payload);
          expect([200, 202, 400, 413, 415]).toContain(response.status);
          if (response.status < 300 && !response.body.duplicate) stored++;
        }),
        { numRuns: AUTHENTICATED_RUNS },
      );
      expect(await t.events()).toHaveLength(stored);
    },
    FUZZ_TIMEOUT_MS,
  );

  it('still serves a signed hook afterwards', async () => {
    const text = JSON.stringify(crispEvent('session:set_email', { timestamp: Date.now() }));
    await send('/crisp/hooks', 'application/json', crispSignatureHeaders(SECRET, text), text).expect(200);
  });
});
