import {
  AUTH_IGNORES_CREDENTIAL,
  AUTH_LACKS_CREDENTIAL,
  BAD_AUTH,
  BAD_AUTH_FAILURE_LIMIT,
  BAD_SIGNATURE_MAX_AGE,
  EMPTY_ENTRY,
  EMPTY_LIST,
  NO_WAY_IN,
  WEBSITE_KEY_OUTSIDE_ALLOW_LIST,
  WRONG_SHAPE,
} from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import type {
  CrispAuthFailureLimit,
  CrispHookAuthConfig,
  CrispHookAuthMode,
  CrispHookAuthOptions,
} from '../interfaces';

const DEFAULT_AUTH_FAILURE_LIMIT: CrispAuthFailureLimit = { max: 20, windowSeconds: 60 };
const MODES: readonly unknown[] = ['key', 'signature', 'either'] satisfies CrispHookAuthMode[];

const fail = (message: string): never => {
  throw new CrispWebhooksConfigurationError(message);
};

/** A list of non-empty strings from configuration; errors name the option and index, never a value. */
function stringsOf(list: unknown, option: string): readonly string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) return fail(WRONG_SHAPE(option, 'a list of strings'));
  const index = list.findIndex((item) => typeof item !== 'string' || item.length === 0);
  return index === -1 ? (list as string[]) : fail(EMPTY_ENTRY(option, index));
}

function websiteKeysOf(record: unknown): Readonly<Record<string, readonly string[]>> {
  if (record === undefined) return {};
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    return fail(WRONG_SHAPE('websiteKeys', 'an object { [website_id]: keys }'));
  for (const [websiteId, list] of Object.entries(record)) {
    const option = `websiteKeys['${websiteId}']`;
    if (stringsOf(list, option).length === 0) fail(EMPTY_LIST(option));
  }
  return record as Record<string, readonly string[]>;
}

const isPositive = (value: unknown, integer: boolean) =>
  typeof value === 'number' && value > 0 && (integer ? Number.isSafeInteger(value) : Number.isFinite(value));

function failureLimitOf(limit: CrispHookAuthOptions['authFailureLimit']): CrispAuthFailureLimit | null {
  if (limit === false) return null;
  const { max, windowSeconds } = limit ?? DEFAULT_AUTH_FAILURE_LIMIT;
  if (!isPositive(max, true) || !isPositive(windowSeconds, false)) fail(BAD_AUTH_FAILURE_LIMIT(max, windowSeconds));
  return { max, windowSeconds };
}

/**
 * The mode asked for, or the one the credentials imply. A mode naming a way in without credentials, or
 * credentials the mode would ignore, is refused: both usually mean a missing or misspelt variable.
 */
function modeOf(auth: unknown, hasKeys: boolean, hasSecrets: boolean): CrispHookAuthMode {
  if (auth === undefined) {
    if (hasKeys && hasSecrets) return 'either';
    if (hasSecrets) return 'signature';
    return hasKeys ? 'key' : fail(NO_WAY_IN());
  }
  if (!MODES.includes(auth)) return fail(BAD_AUTH(auth));
  const mode = auth as CrispHookAuthMode;
  if (mode !== 'signature' && !hasKeys) fail(AUTH_LACKS_CREDENTIAL(mode, 'keys or websiteKeys'));
  if (mode !== 'key' && !hasSecrets) fail(AUTH_LACKS_CREDENTIAL(mode, 'pluginSecret'));
  if (mode === 'key' && hasSecrets) fail(AUTH_IGNORES_CREDENTIAL(mode, 'pluginSecret'));
  if (mode === 'signature' && hasKeys) fail(AUTH_IGNORES_CREDENTIAL(mode, 'keys and websiteKeys'));
  return mode;
}

/** Applies the defaults of the authentication options and checks them. @internal */
export function resolveCrispHookAuthConfig(options: CrispHookAuthOptions): CrispHookAuthConfig {
  const keys = stringsOf(options.keys, 'keys');
  const websiteKeys = websiteKeysOf(options.websiteKeys);
  const { pluginSecret, signatureMaxAgeSeconds } = options;
  const pluginSecrets = stringsOf(typeof pluginSecret === 'string' ? [pluginSecret] : pluginSecret, 'pluginSecret');
  const websites = options.websites === undefined ? null : stringsOf(options.websites, 'websites');
  if (websites?.length === 0) fail(EMPTY_LIST('websites'));
  const outside = websites ? Object.keys(websiteKeys).find((websiteId) => !websites.includes(websiteId)) : undefined;
  if (outside !== undefined) fail(WEBSITE_KEY_OUTSIDE_ALLOW_LIST(outside));
  if (signatureMaxAgeSeconds !== undefined && !isPositive(signatureMaxAgeSeconds, false)) {
    fail(BAD_SIGNATURE_MAX_AGE(signatureMaxAgeSeconds));
  }
  const hasKeys = keys.length > 0 || Object.keys(websiteKeys).length > 0;
  return {
    mode: modeOf(options.auth, hasKeys, pluginSecrets.length > 0),
    keys,
    websiteKeys,
    websites,
    pluginSecrets,
    signatureMaxAgeSeconds: signatureMaxAgeSeconds ?? null,
    failureLimit: failureLimitOf(options.authFailureLimit),
  };
}
