import 'reflect-metadata';
import { Crisp } from 'crisp-api';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { CrispHookCredentials } from './crisp-hook.credentials';
import { resolveCrispWebhooksConfig } from '../config/crisp-webhooks.config';
import type { CrispWebhooksModuleOptions } from '../interfaces';
import { crispEvent } from '../testing';
import { signatureBytesOf } from './crisp-signature';

const SECRET = 'plugin-signing-secret-6b1e0f';
const OLD_SECRET = 'plugin-signing-secret-old-93d2';
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

const credentialsWith = (options: CrispWebhooksModuleOptions) =>
  new CrispHookCredentials(resolveCrispWebhooksConfig(options));

/** Signs the way Crisp documents it, independently of the module: lowercase hex of HMAC("[ts;body]"). */
const sign = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`[${timestamp};${body}]`).digest('hex');

/** The official Node library's verifier, as a host would call it with the parsed body. */
const crispApi = new Crisp();
const theirs = (secret: string, body: unknown, timestamp: string, signature: string) =>
  crispApi.verifyWidget(secret, body as object, timestamp as unknown as number, signature);

describe('CrispHookCredentials', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  describe('keys', () => {
    const credentials = credentialsWith({
      keys: ['global'],
      websiteKeys: { w1: ['one', 'shared', 'global'], w2: ['two', 'shared'] },
    });

    it.each([
      ['a global key opens every website, even when a website lists it too', 'global', null],
      ['a website key opens its website', 'one', new Set(['w1'])],
      ['a key two websites list opens both', 'shared', new Set(['w1', 'w2'])],
      ['any other string opens nothing', 'glob', undefined],
    ])('%s', (_label, key, websites) => {
      expect(credentials.websitesOpenedBy(key)).toEqual(websites);
    });
  });

  describe('signatures, compared with crisp-api verifyWidget on the same inputs', () => {
    const credentials = credentialsWith({ pluginSecret: [SECRET, OLD_SECRET] });
    const ours = (signature: string, timestamp: string, raw: string) => {
      const bytes = signatureBytesOf(signature);
      return bytes ? credentials.checkSignature(bytes, timestamp, Buffer.from(raw)) : 'forged';
    };

    it('both accept the same good signatures of compact JSON bodies, with every configured secret', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string(), fc.jsonValue()),
          fc.constantFrom(SECRET, OLD_SECRET),
          fc.oneof(fc.integer({ min: 1, max: 2 ** 31 }), fc.constant(NOW)).map(String),
          (body, secret, timestamp) => {
            const raw = JSON.stringify(body);
            const signature = sign(secret, timestamp, raw);
            expect(ours(signature, timestamp, raw)).toBe('valid');
            expect(theirs(secret, JSON.parse(raw), timestamp, signature)).toBe(true);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('both refuse a signature made with another secret, over another body or another timestamp', () => {
      const raw = JSON.stringify(crispEvent('message:send'));
      const timestamp = String(NOW);
      const cases = [
        [sign('another-secret', timestamp, raw), timestamp, raw],
        [sign(SECRET, timestamp, raw.replace('"user"', '"operator"')), timestamp, raw],
        [sign(SECRET, String(NOW + 1), raw), timestamp, raw],
      ];
      for (const [signature, at, body] of cases) {
        expect(ours(signature, at, body)).toBe('forged');
        expect(theirs(SECRET, JSON.parse(body), at, signature)).toBe(false);
      }
    });

    it('ours refuses a body re-serialized differently from what was signed, which theirs accepts', () => {
      const event = crispEvent('message:send');
      const timestamp = String(NOW);
      const signature = sign(SECRET, timestamp, JSON.stringify(event));
      const reformatted = JSON.stringify(event, null, 2);
      expect(theirs(SECRET, JSON.parse(reformatted), timestamp, signature)).toBe(true);
      expect(ours(signature, timestamp, reformatted)).toBe('forged');
    });

    it('ours accepts a genuine signature of a body with JSON escapes, which theirs refuses', () => {
      const raw = '{"website_id":"w1","event":"message:send","data":{"content":"caf\\u00e9 \\/ ok"},"timestamp":1}';
      const signature = sign(SECRET, String(NOW), raw);
      expect(ours(signature, String(NOW), raw)).toBe('valid');
      expect(theirs(SECRET, JSON.parse(raw), String(NOW), signature)).toBe(false);
    });

    it('ours reads the hex in either case; theirs only lowercase', () => {
      const raw = JSON.stringify(crispEvent('session:set_email'));
      const signature = sign(SECRET, String(NOW), raw).toUpperCase();
      expect(ours(signature, String(NOW), raw)).toBe('valid');
      expect(theirs(SECRET, JSON.parse(raw), String(NOW), signature)).toBe(false);
    });

    it('with signatureMaxAgeSeconds, ours refuses a stale timestamp, which theirs accepts', () => {
      const limited = credentialsWith({ pluginSecret: SECRET, signatureMaxAgeSeconds: 300 });
      const raw = JSON.stringify(crispEvent('message:send'));
      const check = (timestamp: string) =>
        limited.checkSignature(signatureBytesOf(sign(SECRET, timestamp, raw))!, timestamp, Buffer.from(raw));
      const stale = String(NOW - 301_000);
      expect(check(stale)).toBe('stale');
      expect(theirs(SECRET, JSON.parse(raw), stale, sign(SECRET, stale, raw))).toBe(true);
      expect(check(String(NOW - 299_000))).toBe('valid');
      expect(check(String(NOW + 299_000))).toBe('valid');
      expect(check(String(NOW + 301_000))).toBe('stale');
      expect(check(String(Math.floor((NOW - 299_000) / 1000)))).toBe('valid'); // in seconds
      expect(check(String(Math.floor((NOW - 301_000) / 1000)))).toBe('stale');
      expect(check('soon')).toBe('stale');
    });
  });

  describe('websites', () => {
    it('serves every website without an allow-list, and only the listed ones with it', () => {
      expect(credentialsWith({ keys: ['k'] }).serves('anything')).toBe(true);
      const listed = credentialsWith({ keys: ['k'], websites: ['w1'] });
      expect([listed.serves('w1'), listed.serves('w2'), listed.serves('')]).toEqual([true, false, false]);
    });
  });
});
