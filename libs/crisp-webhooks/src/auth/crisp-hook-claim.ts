import type { Request } from 'express';

/** Where the auth guard leaves a request's claim, for the authenticator to settle once the body is read. */
export const CRISP_HOOK_CLAIM = Symbol('crisp-webhooks:claim');

/** What a request's credentials prove before its body is read. @internal */
export type CrispHookClaim =
  /** A valid URL key, opening the hooks of `websites` (`null`: of any website). */
  | { readonly kind: 'key'; readonly websites: ReadonlySet<string> | null }
  /** Signature headers of the right shape, still to be checked over the body's bytes. */
  | { readonly kind: 'signature'; readonly signature: Buffer; readonly timestamp: string };

/** @internal */
export type CrispClaimingRequest = Request & { [CRISP_HOOK_CLAIM]?: CrispHookClaim };
