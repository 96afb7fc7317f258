import { HttpException, HttpStatus, Inject, Injectable, type UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import type { CrispAuthFailureLimit, CrispWebhooksConfig } from '../interfaces';
import { clientAddressOf } from './client-address';

/** Bounds the limiter's memory: past it, the address that failed least recently is forgotten. */
export const MAX_TRACKED_ADDRESSES = 10_000;

/**
 * Refuses, with `429` and `Retry-After`, the failed authentications of an address that failed `max`
 * times within the last `windowSeconds` (a sliding window). It only ever sees failures, so a request
 * with a valid key or signature is never slowed, even from an address that also sends bad ones: Crisp
 * delivers from a few addresses, possibly shared, and must not be locked out by someone else's
 * failures. `@nestjs/throttler` does not fit: it counts every request, the good ones included.
 * In memory, per app instance. @internal
 */
@Injectable()
export class CrispAuthFailureLimiter {
  /** Each address's latest failures (ms), oldest first, at most `max`; the map in least recent order. */
  private readonly failures = new Map<string, number[]>();
  private readonly limit: CrispAuthFailureLimit | null;

  constructor(@Inject(CRISP_WEBHOOKS_CONFIG) config: CrispWebhooksConfig) {
    this.limit = config.authentication.failureLimit;
  }

  /** Records a failed authentication and returns the answer: `unauthorized`, or 429 past the limit. */
  refuse(request: Request, unauthorized: UnauthorizedException): HttpException {
    const retryAfter = this.limit ? this.record(clientAddressOf(request), this.limit, Date.now()) : 0;
    if (retryAfter === 0) return unauthorized;
    request.res?.setHeader('Retry-After', String(retryAfter));
    const message =
      `Too many failed authentications from this address: refused for ${retryAfter} s. ` +
      'A valid hook key or signature is still accepted.';
    return new HttpException(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** Seconds until `address` may fail again without 429, when it was over the limit already; else 0. */
  private record(address: string, { max, windowSeconds }: CrispAuthFailureLimit, now: number): number {
    const windowMs = windowSeconds * 1000;
    const times = (this.failures.get(address) ?? []).filter((time) => now - time < windowMs);
    const over = times.length >= max;
    times.push(now);
    if (times.length > max) times.shift();
    this.failures.delete(address);
    this.failures.set(address, times);
    if (this.failures.size > MAX_TRACKED_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
    return over ? Math.max(1, Math.ceil((times[0] + windowMs - now) / 1000)) : 0;
  }
}
