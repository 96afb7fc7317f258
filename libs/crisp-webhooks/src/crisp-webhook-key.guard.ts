import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { CRISP_WEBHOOKS_CONFIG } from './crisp-webhooks.constants';
import type { CrispWebhooksConfig } from './interfaces';

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Lets a hook in only when its `?key=` matches one of the configured keys. Keys are compared as
 * SHA-256 digests with `timingSafeEqual`, against every key without stopping at a match, so the
 * time taken tells nothing about a key's content, length or position. A refusal never echoes a key.
 */
@Injectable()
export class CrispWebhookKeyGuard implements CanActivate {
  protected readonly digests: readonly Buffer[];

  constructor(@Inject(CRISP_WEBHOOKS_CONFIG) config: CrispWebhooksConfig) {
    this.digests = config.keys.map(sha256);
  }

  canActivate(context: ExecutionContext): boolean {
    const { key } = context.switchToHttp().getRequest<Request>().query;
    if (typeof key === 'string' && this.matches(key)) return true;
    throw new UnauthorizedException('Missing or invalid hook key.');
  }

  protected matches(key: string): boolean {
    const digest = sha256(key);
    return this.digests.reduce((found, expected) => timingSafeEqual(digest, expected) || found, false);
  }
}
