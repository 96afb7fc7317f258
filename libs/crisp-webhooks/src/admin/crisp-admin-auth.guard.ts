import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { hash, timingSafeEqual } from 'node:crypto';
import { CRISP_ADMIN_CONFIG } from '../crisp-webhooks.constants';
import type { CrispAdminConfig } from '../interfaces';

const sha256 = (text: string) => hash('sha256', text, 'buffer');

/** The token of an `Authorization: Bearer <token>` header (scheme in any case); `undefined` otherwise. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Lets through the admin requests that carry one of the configured tokens. SHA-256 digests are compared
 * with `timingSafeEqual` against every token without stopping at a match, so the time taken tells nothing
 * about a token's content, length or position. The answer never says which part was wrong. @internal
 */
@Injectable()
export class CrispAdminAuthGuard implements CanActivate {
  private readonly digests: readonly Buffer[];

  constructor(@Inject(CRISP_ADMIN_CONFIG) config: CrispAdminConfig) {
    this.digests = config.tokens.map(sha256);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const token = bearerTokenOf(request.headers.authorization);
    const digest = sha256(token ?? '');
    const valid = this.digests.reduce((found, expected) => timingSafeEqual(digest, expected) || found, false);
    if (token !== undefined && valid) return true;
    request.res?.setHeader('WWW-Authenticate', 'Bearer realm="crisp-webhooks-admin"');
    throw new UnauthorizedException({
      statusCode: 401,
      message: 'Missing or wrong admin token: send Authorization: Bearer <token>.',
    });
  }
}
