/**
 * How a hook proves it comes from Crisp:
 * - `'key'`: the `?key=` of the hook URL (Website Hooks are not signed; the URL key is their only proof);
 * - `'signature'`: Crisp's `X-Crisp-Signature` of a Plugin Hook, checked with the plugin's signing secret;
 * - `'either'`: one of them is enough, so one route serves both kinds of hook.
 *
 * @publicApi
 */
export type CrispHookAuthMode = 'key' | 'signature' | 'either';

/** At most `max` failed authentications per client address within `windowSeconds`. @publicApi */
export interface CrispAuthFailureLimit {
  /** Failed authentications an address may make within the window before the next ones get `429`. */
  readonly max: number;
  /** The length of the sliding window the failures are counted in, in seconds. */
  readonly windowSeconds: number;
}

/**
 * Who may deliver hooks, part of `CrispWebhooksModuleOptions`. Read every key and secret from
 * configuration (environment, secret store), never from code. At least one way in is required.
 *
 * @publicApi
 */
export interface CrispHookAuthOptions {
  /**
   * Secrets accepted in the hook URL's `?key=`, for the events of any website. List several to rotate
   * without downtime: add the new key, change the URL in Crisp, then drop the old key.
   * @default []
   */
  keys?: readonly string[];

  /**
   * Keys that open the hooks of one website only: `{ [website_id]: keys }`. The body's `website_id` must
   * be that website, else the answer is `403`. Give each website (or customer) its own URL, so that a
   * leaked key exposes one website. Several keys per website rotate like `keys`.
   * @default {}
   */
  websiteKeys?: Readonly<Record<string, readonly string[]>>;

  /**
   * The only `website_id`s accepted, whatever the credential; others are answered `403` (authenticated
   * but not served here) and not stored.
   * @default every website
   */
  websites?: readonly string[];

  /**
   * Signing secret of the Crisp plugin (Marketplace → plugin → Settings), to verify the signature of
   * Plugin Hooks. Several are accepted, to rotate: add the new secret, roll it in Crisp, drop the old one.
   * @default none (signed hooks are not accepted)
   */
  pluginSecret?: string | readonly string[];

  /**
   * Refuse a signed hook whose `X-Crisp-Request-Timestamp` is further than this from the server clock
   * (either way), so that a captured request cannot be replayed later. Crisp documents no replay window
   * and not the timestamp's unit: values from 10^11 up are read as milliseconds, smaller ones as
   * seconds. Off by default, because Crisp may keep a retried delivery's first timestamp.
   * @default none
   */
  signatureMaxAgeSeconds?: number;

  /**
   * Which proof a hook needs.
   * @default 'either' when both keys and a plugin secret are set, else the one configured
   */
  auth?: CrispHookAuthMode;

  /**
   * After `max` failed authentications from one client address within `windowSeconds`, its further
   * failures are answered `429` with `Retry-After` until the window frees up. Only failures count: a
   * request with a valid key or signature always passes, so an attacker sharing Crisp's address (or a
   * proxy's) cannot lock Crisp out. Behind a reverse proxy, set Express's `trust proxy` so that the
   * address is the client's. `false` turns it off.
   * @default { max: 20, windowSeconds: 60 }
   */
  authFailureLimit?: CrispAuthFailureLimit | false;
}

/** @internal `CrispHookAuthOptions` checked, with every default applied. */
export interface CrispHookAuthConfig {
  readonly mode: CrispHookAuthMode;
  readonly keys: readonly string[];
  readonly websiteKeys: Readonly<Record<string, readonly string[]>>;
  /** `null`: every website. */
  readonly websites: readonly string[] | null;
  readonly pluginSecrets: readonly string[];
  /** `null`: no age limit. */
  readonly signatureMaxAgeSeconds: number | null;
  /** `null`: no limit. */
  readonly failureLimit: CrispAuthFailureLimit | null;
}
