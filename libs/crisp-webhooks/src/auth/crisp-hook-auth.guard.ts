import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { CrispAuthFailureLimiter } from './crisp-auth-failure.limiter';
import { CRISP_HOOK_CLAIM, type CrispClaimingRequest, type CrispHookClaim } from './crisp-hook-claim';
import { CrispHookCredentials } from './crisp-hook.credentials';
import type { CrispHookAuthMode } from '../interfaces';
import { CRISP_SIGNATURE_HEADER, CRISP_TIMESTAMP_HEADER, signatureBytesOf } from './crisp-signature';

const MISSING: Record<CrispHookAuthMode, string> = {
  key: 'Missing or invalid hook key.',
  signature:
    'Missing or malformed Crisp signature: signed Plugin Hooks carry X-Crisp-Signature (64 hex characters) ' +
    'and X-Crisp-Request-Timestamp.',
  either:
    'Missing or invalid credentials: send the hook key (?key=) or a signed Plugin Hook (X-Crisp-Signature ' +
    'and X-Crisp-Request-Timestamp).',
};

/**
 * The first, body-free check of a hook: it lets in a request with a valid URL key (which websites it
 * opens is settled on the body), or with signature headers of the right shape (verified over the body
 * by `CrispHookAuthenticator`), as the `auth` mode allows. Anything else is refused before the body is
 * read: `401`, or `429` from an address that failed too often. A refusal never echoes a key.
 */
@Injectable()
export class CrispHookAuthGuard implements CanActivate {
  constructor(
    protected readonly credentials: CrispHookCredentials,
    protected readonly limiter: CrispAuthFailureLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<CrispClaimingRequest>();
    const claim = this.claimOf(request);
    if (!claim) throw this.limiter.refuse(request, new UnauthorizedException(MISSING[this.credentials.mode]));
    request[CRISP_HOOK_CLAIM] = claim;
    return true;
  }

  protected claimOf(request: CrispClaimingRequest): CrispHookClaim | null {
    const { key } = request.query;
    if (this.credentials.acceptsKeys && typeof key === 'string') {
      const websites = this.credentials.websitesOpenedBy(key);
      if (websites !== undefined) return { kind: 'key', websites };
    }
    const signature = signatureBytesOf(request.headers[CRISP_SIGNATURE_HEADER]);
    const timestamp = request.headers[CRISP_TIMESTAMP_HEADER];
    if (this.credentials.acceptsSignatures && signature && typeof timestamp === 'string' && timestamp.length > 0) {
      return { kind: 'signature', signature, timestamp };
    }
    return null;
  }
}
