import 'reflect-metadata';
import { HttpException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { CrispAuthFailureLimiter, MAX_TRACKED_ADDRESSES } from './crisp-auth-failure.limiter';
import { resolveCrispWebhooksConfig } from '../config/crisp-webhooks.config';
import type { CrispWebhooksModuleOptions } from '../interfaces';

const limiterWith = (authFailureLimit?: CrispWebhooksModuleOptions['authFailureLimit']) =>
  new CrispAuthFailureLimiter(resolveCrispWebhooksConfig({ keys: ['k'], authFailureLimit }));

/** A failed request from `ip`; its `Retry-After`, once set, in `headers`. */
function from(ip: string) {
  const headers: Record<string, string> = {};
  const request = { ip, res: { setHeader: (name: string, value: string) => (headers[name] = value) } };
  return { request: request as unknown as Request, headers };
}

/** Fails once from `ip`; the status answered and the Retry-After sent. */
function fail(limiter: CrispAuthFailureLimiter, ip = '203.0.113.5') {
  const { request, headers } = from(ip);
  const answer: HttpException = limiter.refuse(request, new UnauthorizedException('bad key'));
  return { status: answer.getStatus(), retryAfter: headers['Retry-After'], answer };
}

describe('CrispAuthFailureLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
  afterEach(() => jest.useRealTimers());

  it('answers 401 to the first 20 failures of a minute, then 429 with Retry-After for the rest of the window', () => {
    const limiter = limiterWith();
    const statuses = Array.from({ length: 20 }, () => fail(limiter).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    jest.advanceTimersByTime(15_000);
    const refused = fail(limiter);
    expect(refused).toMatchObject({ status: 429, retryAfter: '45' });
    expect(refused.answer.getResponse()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
    jest.advanceTimersByTime(44_000);
    expect(fail(limiter).status).toBe(429);
  });

  it('slides: a failure counts for windowSeconds after it happened', () => {
    const limiter = limiterWith({ max: 3, windowSeconds: 10 });
    fail(limiter);
    jest.advanceTimersByTime(5_000);
    fail(limiter);
    fail(limiter);
    // The refused failure counts too, so an address that keeps failing stays refused: 10 s, not 5.
    expect(fail(limiter)).toMatchObject({ status: 429, retryAfter: '10' });
    jest.advanceTimersByTime(5_000);
    expect(fail(limiter).status).toBe(429);
    jest.advanceTimersByTime(10_000);
    expect(fail(limiter).status).toBe(401);
  });

  it('counts each address on its own; an IPv6 /64 counts as one address, IPv4-mapped as IPv4', () => {
    const limiter = limiterWith({ max: 1, windowSeconds: 60 });
    fail(limiter, '2001:db8:1:2::1');
    expect(fail(limiter, '2001:db8:1:2:ffff::9').status).toBe(429);
    expect(fail(limiter, '2001:db8:1:3::1').status).toBe(401);
    fail(limiter, '198.51.100.7');
    expect(fail(limiter, '::ffff:198.51.100.7').status).toBe(429);
    expect(fail(limiter, '198.51.100.8').status).toBe(401);
  });

  it(`keeps at most ${MAX_TRACKED_ADDRESSES} addresses, forgetting the one that failed least recently`, () => {
    const limiter = limiterWith({ max: 1, windowSeconds: 60 });
    fail(limiter, '10.0.0.1');
    fail(limiter, '10.0.0.2');
    for (let i = 0; i < MAX_TRACKED_ADDRESSES - 1; i++) fail(limiter, `10.1.${i >> 8}.${i & 255}`);
    expect(fail(limiter, '10.0.0.2').status).toBe(429);
    expect(fail(limiter, '10.0.0.1').status).toBe(401);
  });

  it('never refuses with 429 when authFailureLimit is false', () => {
    const limiter = limiterWith(false);
    expect(new Set(Array.from({ length: 100 }, () => fail(limiter).status))).toEqual(new Set([401]));
  });
});
