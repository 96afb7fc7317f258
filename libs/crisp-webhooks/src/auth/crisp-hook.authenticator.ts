import { ForbiddenException, Injectable, type PipeTransform, UnauthorizedException } from '@nestjs/common';
import { CrispAuthFailureLimiter } from './crisp-auth-failure.limiter';
import type { CrispReceivedHook } from '../http/crisp-hook-body.pipe';
import { CRISP_HOOK_CLAIM, type CrispClaimingRequest } from './crisp-hook-claim';
import { type CrispSignatureCheck, CrispHookCredentials } from './crisp-hook.credentials';

const SIGNATURE_REFUSALS: Record<Exclude<CrispSignatureCheck, 'valid'>, string> = {
  forged:
    'Invalid Crisp signature: X-Crisp-Signature must be the HMAC-SHA256 (hex), keyed with the plugin ' +
    'signing secret, of "[" + X-Crisp-Request-Timestamp + ";" + the exact body bytes + "]".',
  stale:
    'Signed hook too old: X-Crisp-Request-Timestamp is further from the server clock than signatureMaxAgeSeconds ' +
    'allows, so it is refused as a possible replay. Check both clocks.',
};

const UNCHECKED = 'No credential was checked: CrispHookAuthGuard must run before CrispHookAuthenticator.';

const websiteIdOf = (body: unknown): string | undefined => {
  const websiteId: unknown = body !== null && typeof body === 'object' ? Reflect.get(body, 'website_id') : undefined;
  return typeof websiteId === 'string' ? websiteId : undefined;
};

/**
 * Settles, on the body just read, what the auth guard let in: a signature is verified over the exact
 * bytes (`401`, or `429` once its address failed too often), a website key must match the body's
 * `website_id`, and the `websites` allow-list must serve it (`403`: authenticated, not served here).
 * A body without a string `website_id` passes on to validation, which refuses it with `400`.
 */
@Injectable()
export class CrispHookAuthenticator implements PipeTransform<CrispReceivedHook, CrispReceivedHook> {
  constructor(
    private readonly credentials: CrispHookCredentials,
    private readonly limiter: CrispAuthFailureLimiter,
  ) {}

  transform(hook: CrispReceivedHook): CrispReceivedHook {
    const request = hook.request as CrispClaimingRequest;
    const claim = request[CRISP_HOOK_CLAIM];
    if (!claim) throw this.limiter.refuse(request, new UnauthorizedException(UNCHECKED));
    if (claim.kind === 'signature') {
      const check = this.credentials.checkSignature(claim.signature, claim.timestamp, hook.raw);
      if (check !== 'valid') throw this.limiter.refuse(request, new UnauthorizedException(SIGNATURE_REFUSALS[check]));
    }
    const websiteId = websiteIdOf(hook.body);
    if (websiteId === undefined) return hook;
    if (claim.kind === 'key' && claim.websites && !claim.websites.has(websiteId)) {
      throw new ForbiddenException(
        "This hook key opens only its own websites' hooks, not this body's website_id: use that website's key.",
      );
    }
    if (!this.credentials.serves(websiteId)) {
      throw new ForbiddenException(
        "This endpoint does not serve this body's website_id: add it to the websites option, or send its hooks elsewhere.",
      );
    }
    return hook;
  }
}
