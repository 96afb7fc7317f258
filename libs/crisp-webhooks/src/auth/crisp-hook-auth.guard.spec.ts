import 'reflect-metadata';
import { HttpException, UnauthorizedException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { CrispAuthFailureLimiter } from './crisp-auth-failure.limiter';
import { CrispHookAuthGuard } from './crisp-hook-auth.guard';
import { CRISP_HOOK_CLAIM, type CrispClaimingRequest } from './crisp-hook-claim';
import { CrispHookCredentials } from './crisp-hook.credentials';
import { crispWebhooksConfigProvider } from '../config/crisp-webhooks.config';
import { CRISP_WEBHOOKS_MODULE_OPTIONS } from '../crisp-webhooks.constants';
import type { CrispWebhooksModuleOptions } from '../interfaces';

const CURRENT_KEY = 'current-key-7f3a9c2e51d84b6f';
const PREVIOUS_KEY = 'previous-key-0b8e4d1a6c9f2e73';
const WEBSITE_KEY = 'website-key-5d0c1e9a7b3f4268';
const KEYS = [CURRENT_KEY, PREVIOUS_KEY];
const SIGNATURE = 'ab'.repeat(32);
const SIGNED = { 'x-crisp-signature': SIGNATURE, 'x-crisp-request-timestamp': '1700000000000' };

async function guardWith(options: CrispWebhooksModuleOptions): Promise<CrispHookAuthGuard> {
  const moduleRef = await Test.createTestingModule({
    providers: [
      { provide: CRISP_WEBHOOKS_MODULE_OPTIONS, useValue: options },
      crispWebhooksConfigProvider,
      CrispHookCredentials,
      CrispAuthFailureLimiter,
      CrispHookAuthGuard,
    ],
  }).compile();
  return moduleRef.get(CrispHookAuthGuard);
}

interface Incoming {
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  ip?: string;
}

/** An Express-like request and the execution context of a guard around it. */
function incoming({ query = {}, headers = {}, ip = '203.0.113.7' }: Incoming) {
  const sent: Record<string, string> = {};
  const res = { headers: sent, setHeader: (name: string, value: string) => void (sent[name] = value) };
  const request = { query, headers, ip, res } as unknown as CrispClaimingRequest;
  return { request, res, context: new ExecutionContextHost([request, res, () => undefined]) };
}

/** Runs the guard and returns the refusal it throws, failing the test if it lets the request in. */
function refusal(guard: CrispHookAuthGuard, request: Incoming): HttpException {
  try {
    guard.canActivate(incoming(request).context);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpException);
    return error as HttpException;
  }
  throw new Error(`The guard let ${JSON.stringify(request)} in`);
}

describe('CrispHookAuthGuard', () => {
  describe("auth 'key'", () => {
    let guard: CrispHookAuthGuard;
    beforeAll(async () => (guard = await guardWith({ keys: KEYS, websiteKeys: { w1: [WEBSITE_KEY] } })));

    it.each(KEYS)('lets in a request carrying the configured key %s (rotation: every key is accepted)', (key) => {
      const { request, context } = incoming({ query: { key } });
      expect(guard.canActivate(context)).toBe(true);
      expect(request[CRISP_HOOK_CLAIM]).toEqual({ kind: 'key', websites: null });
    });

    it('lets a website key in, noting the websites it opens for the authenticator', () => {
      const { request, context } = incoming({ query: { key: WEBSITE_KEY } });
      expect(guard.canActivate(context)).toBe(true);
      expect(request[CRISP_HOOK_CLAIM]).toEqual({ kind: 'key', websites: new Set(['w1']) });
    });

    it.each([
      ['no key', {}],
      ['an empty key', { key: '' }],
      ['a wrong key', { key: 'not-the-key-1234567890abcdef' }],
      ['a key with one character more', { key: `${CURRENT_KEY}0` }],
      ['a key with one character less', { key: CURRENT_KEY.slice(0, -1) }],
      ['a prefix of a real key', { key: CURRENT_KEY.slice(0, 8) }],
      ['a key differing in case', { key: CURRENT_KEY.toUpperCase() }],
      ['both keys concatenated', { key: CURRENT_KEY + PREVIOUS_KEY }],
      ['the key repeated as an array (?key=a&key=b)', { key: [CURRENT_KEY, PREVIOUS_KEY] }],
      ['the key as a one-element array', { key: [CURRENT_KEY] }],
      ['the key as a nested object (?key[a]=…)', { key: { a: CURRENT_KEY } }],
    ])('refuses %s with 401', (_label, query) => {
      expect(refusal(guard, { query }).getStatus()).toBe(401);
    });

    it('ignores signature headers: this route takes keys only', () => {
      expect(refusal(guard, { headers: SIGNED }).getStatus()).toBe(401);
    });

    it('never echoes a configured key or the submitted key in its refusal', () => {
      const submitted = `${CURRENT_KEY}-submitted-by-attacker`;
      for (const query of [{ key: submitted }, { key: [submitted, PREVIOUS_KEY] }, {}]) {
        const error = refusal(guard, { query });
        for (const text of [error.message, JSON.stringify(error.getResponse())]) {
          for (const secret of [...KEYS, WEBSITE_KEY, submitted]) expect(text).not.toContain(secret);
        }
      }
    });
  });

  describe("auth 'signature'", () => {
    let guard: CrispHookAuthGuard;
    beforeAll(async () => (guard = await guardWith({ pluginSecret: 'plugin-secret' })));

    it('lets in well-formed signature headers (hex of either case), for the authenticator to verify', () => {
      for (const signature of [SIGNATURE, SIGNATURE.toUpperCase()]) {
        const { request, context } = incoming({ headers: { ...SIGNED, 'x-crisp-signature': signature } });
        expect(guard.canActivate(context)).toBe(true);
        expect(request[CRISP_HOOK_CLAIM]).toEqual({
          kind: 'signature',
          signature: Buffer.from(SIGNATURE, 'hex'),
          timestamp: SIGNED['x-crisp-request-timestamp'],
        });
      }
    });

    it.each([
      ['no signature', { 'x-crisp-request-timestamp': '1700000000000' }],
      ['no timestamp', { 'x-crisp-signature': SIGNATURE }],
      ['an empty timestamp', { ...SIGNED, 'x-crisp-request-timestamp': '' }],
      ['a short signature', { ...SIGNED, 'x-crisp-signature': SIGNATURE.slice(2) }],
      ['a long signature', { ...SIGNED, 'x-crisp-signature': `${SIGNATURE}ab` }],
      ['a signature that is not hex', { ...SIGNED, 'x-crisp-signature': `${SIGNATURE.slice(2)}zz` }],
      ['a base64 signature', { ...SIGNED, 'x-crisp-signature': Buffer.alloc(32, 1).toString('base64') }],
    ])('refuses %s with 401', (_label, headers) => {
      expect(refusal(guard, { headers }).getStatus()).toBe(401);
    });

    it('ignores URL keys: this route takes signatures only', () => {
      expect(refusal(guard, { query: { key: 'plugin-secret' } }).getStatus()).toBe(401);
    });
  });

  describe("auth 'either'", () => {
    let guard: CrispHookAuthGuard;
    beforeAll(async () => (guard = await guardWith({ keys: KEYS, pluginSecret: 'plugin-secret' })));

    it('lets in a valid key, and signature headers when the key is wrong or missing', () => {
      expect(guard.canActivate(incoming({ query: { key: CURRENT_KEY } }).context)).toBe(true);
      const { request, context } = incoming({ query: { key: 'wrong' }, headers: SIGNED });
      expect(guard.canActivate(context)).toBe(true);
      expect(request[CRISP_HOOK_CLAIM]).toMatchObject({ kind: 'signature' });
    });

    it('refuses a request with neither, saying what it needs', () => {
      const error = refusal(guard, { query: { key: 'wrong' } });
      expect(error).toBeInstanceOf(UnauthorizedException);
      expect(error.message).toMatch(/\?key=.*X-Crisp-Signature/);
    });
  });

  describe('failed authentications', () => {
    it('are answered 429 with Retry-After past the limit, while a valid key from the same address still passes', async () => {
      const guard = await guardWith({ keys: KEYS, authFailureLimit: { max: 3, windowSeconds: 60 } });
      const statuses = Array.from({ length: 5 }, () => refusal(guard, { query: { key: 'guess' } }).getStatus());
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const blocked = incoming({ query: { key: 'guess' } });
      expect(() => guard.canActivate(blocked.context)).toThrow(/Too many failed authentications/);
      expect(Number(blocked.res.headers['Retry-After'])).toBeGreaterThan(0);
      expect(guard.canActivate(incoming({ query: { key: CURRENT_KEY } }).context)).toBe(true);
      expect(refusal(guard, { query: { key: 'guess' }, ip: '198.51.100.1' }).getStatus()).toBe(401);
    });
  });
});
