import { Inject, Injectable } from '@nestjs/common';
import { hash, timingSafeEqual } from 'node:crypto';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import type { CrispHookAuthMode, CrispWebhooksConfig } from '../interfaces';
import { crispSignatureOf, timestampDistanceSeconds } from './crisp-signature';

const sha256 = (text: string) => hash('sha256', text, 'buffer');

/** The websites a key opens; `null` for any. */
type KeyScope = ReadonlySet<string> | null;

/** Why a signed hook is refused, or `'valid'`. */
export type CrispSignatureCheck = 'valid' | 'forged' | 'stale';

/**
 * The configured keys, secrets and websites, and the constant-time checks against them. Every check
 * compares against every candidate without stopping at a match (SHA-256 digests of keys, HMACs of the
 * body), so the time taken tells nothing about a key's or secret's content, length or position. @internal
 */
@Injectable()
export class CrispHookCredentials {
  readonly mode: CrispHookAuthMode;
  private readonly keys: readonly { readonly digest: Buffer; readonly websites: KeyScope }[];
  private readonly secrets: readonly string[];
  private readonly websites: ReadonlySet<string> | null;
  private readonly maxAgeSeconds: number | null;

  constructor(@Inject(CRISP_WEBHOOKS_CONFIG) { authentication: auth }: CrispWebhooksConfig) {
    const scopes = new Map<string, Set<string> | null>(auth.keys.map((key) => [key, null]));
    for (const [websiteId, keys] of Object.entries(auth.websiteKeys)) {
      for (const key of keys) {
        const scope = scopes.get(key);
        if (scope !== null) scopes.set(key, (scope ?? new Set<string>()).add(websiteId));
      }
    }
    this.mode = auth.mode;
    this.keys = [...scopes].map(([key, websites]) => ({ digest: sha256(key), websites }));
    this.secrets = auth.pluginSecrets;
    this.websites = auth.websites && new Set(auth.websites);
    this.maxAgeSeconds = auth.signatureMaxAgeSeconds;
  }

  get acceptsKeys(): boolean {
    return this.mode !== 'signature';
  }

  get acceptsSignatures(): boolean {
    return this.mode !== 'key';
  }

  /** The websites `key` opens (`null`: any), or `undefined` when it is no configured key. */
  websitesOpenedBy(key: string): KeyScope | undefined {
    const digest = sha256(key);
    let opened: KeyScope | undefined;
    for (const entry of this.keys) if (timingSafeEqual(digest, entry.digest)) opened = entry.websites;
    return opened;
  }

  /** Whether `signature` is a plugin secret's HMAC of `timestamp` and `body`, within the age limit. */
  checkSignature(signature: Buffer, timestamp: string, body: Buffer): CrispSignatureCheck {
    const signed = this.secrets.reduce(
      (found, secret) => timingSafeEqual(crispSignatureOf(secret, timestamp, body), signature) || found,
      false,
    );
    if (!signed) return 'forged';
    if (this.maxAgeSeconds === null) return 'valid';
    const distance = timestampDistanceSeconds(timestamp, Date.now());
    return distance !== null && distance <= this.maxAgeSeconds ? 'valid' : 'stale';
  }

  /** Whether the `websites` allow-list, if any, lets hooks of `websiteId` in. */
  serves(websiteId: string): boolean {
    return this.websites === null || this.websites.has(websiteId);
  }
}
