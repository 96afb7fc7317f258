import 'reflect-metadata';
import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { CrispAuthFailureLimiter } from './crisp-auth-failure.limiter';
import type { CrispReceivedHook } from '../http/crisp-hook-body.pipe';
import { CRISP_HOOK_CLAIM, type CrispClaimingRequest, type CrispHookClaim } from './crisp-hook-claim';
import { CrispHookAuthenticator } from './crisp-hook.authenticator';
import { CrispHookCredentials } from './crisp-hook.credentials';
import { resolveCrispWebhooksConfig } from '../config/crisp-webhooks.config';
import type { CrispWebhooksModuleOptions } from '../interfaces';
import { crispEvent, crispSignatureHeaders } from '../testing';
import { signatureBytesOf } from './crisp-signature';

const SECRET = 'plugin-signing-secret-4a9c';

function authenticatorWith(options: CrispWebhooksModuleOptions) {
  const config = resolveCrispWebhooksConfig(options);
  return new CrispHookAuthenticator(new CrispHookCredentials(config), new CrispAuthFailureLimiter(config));
}

/** A hook read from a request that the guard left `claim` on. */
function received(body: unknown, claim: CrispHookClaim | undefined, raw = JSON.stringify(body)): CrispReceivedHook {
  const res = { setHeader: jest.fn() };
  const request = { ip: '192.0.2.10', res, [CRISP_HOOK_CLAIM]: claim } as unknown as CrispClaimingRequest;
  return { raw: Buffer.from(raw), body, altered: false, request };
}

const keyClaim = (...websites: string[]): CrispHookClaim => ({
  kind: 'key',
  websites: websites.length > 0 ? new Set(websites) : null,
});

function signatureClaim(raw: string, secret = SECRET, timestamp = String(Date.now())): CrispHookClaim {
  const headers = crispSignatureHeaders(secret, raw, timestamp);
  return { kind: 'signature', signature: signatureBytesOf(headers['X-Crisp-Signature'])!, timestamp };
}

function refusal(authenticator: CrispHookAuthenticator, hook: CrispReceivedHook): HttpException {
  try {
    authenticator.transform(hook);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpException);
    return error as HttpException;
  }
  throw new Error('the authenticator let the hook in');
}

describe('CrispHookAuthenticator', () => {
  const body = crispEvent('message:send', { website_id: 'w1' });
  const raw = JSON.stringify(body);

  describe('website keys and the allow-list', () => {
    const authenticator = authenticatorWith({
      keys: ['global'],
      websiteKeys: { w1: ['one'], w2: ['two'] },
      websites: ['w1', 'w2'],
    });

    it("passes a global key, and a website key on its own website's hook, unchanged", () => {
      for (const claim of [keyClaim(), keyClaim('w1'), keyClaim('w2', 'w1')]) {
        const hook = received(body, claim);
        expect(authenticator.transform(hook)).toBe(hook);
      }
    });

    it("refuses a website key on another website's hook with 403", () => {
      const error = refusal(authenticator, received(body, keyClaim('w2')));
      expect(error).toBeInstanceOf(ForbiddenException);
      expect(error.message).toMatch(/use that website's key/);
    });

    it('refuses a website outside the allow-list with 403, whatever the credential', () => {
      const other = crispEvent('message:send', { website_id: 'w9' });
      expect(refusal(authenticator, received(other, keyClaim())).getStatus()).toBe(403);
    });

    it.each([
      ['no website_id', { event: 'message:send', data: {}, timestamp: 1 }],
      ['a numeric website_id', { ...body, website_id: 7 }],
      ['an array body', [body]],
      ['a null body', null],
    ])('passes a body with %s on to validation, which refuses it with 400', (_label, odd) => {
      const hook = received(odd, keyClaim('w2'));
      expect(authenticator.transform(hook)).toBe(hook);
    });
  });

  describe('signatures', () => {
    const authenticator = authenticatorWith({ pluginSecret: SECRET, signatureMaxAgeSeconds: 60 });

    it('passes a hook signed over its exact bytes', () => {
      const hook = received(body, signatureClaim(raw));
      expect(authenticator.transform(hook)).toBe(hook);
    });

    it('refuses a forged or stale signature with 401 saying how to sign, never echoing the signature', () => {
      const forged = signatureClaim(raw, 'not-the-secret');
      const forgedError = refusal(authenticator, received(body, forged));
      expect(forgedError).toBeInstanceOf(UnauthorizedException);
      expect(forgedError.message).toMatch(/HMAC-SHA256/);
      const stale = signatureClaim(raw, SECRET, String(Date.now() - 61_000));
      expect(refusal(authenticator, received(body, stale)).message).toMatch(/too old/);
      for (const claim of [forged, stale]) {
        const text = JSON.stringify(refusal(authenticator, received(body, claim)).getResponse());
        expect(text).not.toContain((claim as { signature: Buffer }).signature.toString('hex'));
        expect(text).not.toContain(SECRET);
      }
    });

    it('refuses bytes other than those signed, even when they parse to the same JSON', () => {
      const claim = signatureClaim(raw);
      expect(refusal(authenticator, received(body, claim, `${raw} `)).getStatus()).toBe(401);
      expect(refusal(authenticator, received(body, claim, JSON.stringify(body, null, 1))).getStatus()).toBe(401);
    });

    it('answers 429 once the address failed too often, and still passes a good signature from it', () => {
      const limited = authenticatorWith({ pluginSecret: SECRET, authFailureLimit: { max: 2, windowSeconds: 60 } });
      const forged = () => received(body, signatureClaim(raw, 'wrong'));
      const statuses = [1, 2, 3].map(() => refusal(limited, forged()).getStatus());
      expect(statuses).toEqual([401, 401, 429]);
      const hook = forged();
      refusal(limited, hook);
      expect(hook.request).toHaveProperty('res.setHeader', expect.any(Function));
      expect((hook.request as CrispClaimingRequest).res!.setHeader).toHaveBeenCalledWith('Retry-After', '60');
      expect(limited.transform(received(body, signatureClaim(raw)))).toBeDefined();
    });
  });

  it('refuses a request the guard left no claim on (fails closed)', () => {
    expect(refusal(authenticatorWith({ keys: ['k'] }), received(body, undefined)).getStatus()).toBe(401);
  });
});
