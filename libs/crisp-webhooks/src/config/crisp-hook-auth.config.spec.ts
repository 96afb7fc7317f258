import { resolveCrispHookAuthConfig } from './crisp-hook-auth.config';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispHookAuthOptions } from '../interfaces';

/** Options as they may arrive from untyped configuration (environment, JSON). */
const untyped = (options: Record<string, unknown>) => options as unknown as CrispHookAuthOptions;

const SECRET = 'plugin-secret-31d5f0a2c7';

function refusal(options: CrispHookAuthOptions): string {
  try {
    resolveCrispHookAuthConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(CrispWebhooksConfigurationError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(options)} was accepted`);
}

describe('resolveCrispHookAuthConfig', () => {
  it('applies the defaults: auth by key, every website, no age limit, 20 failures a minute', () => {
    expect(resolveCrispHookAuthConfig({ keys: ['k1'] })).toEqual({
      mode: 'key',
      keys: ['k1'],
      websiteKeys: {},
      websites: null,
      pluginSecrets: [],
      signatureMaxAgeSeconds: null,
      failureLimit: { max: 20, windowSeconds: 60 },
    });
  });

  it.each<[string, CrispHookAuthOptions, string]>([
    ['keys only', { keys: ['k1'] }, 'key'],
    ['website keys only', { websiteKeys: { w1: ['k1'] } }, 'key'],
    ['a plugin secret only', { pluginSecret: SECRET }, 'signature'],
    ['keys and a plugin secret', { keys: ['k1'], pluginSecret: SECRET }, 'either'],
    ['website keys and plugin secrets', { websiteKeys: { w1: ['k1'] }, pluginSecret: [SECRET, 'old'] }, 'either'],
  ])('defaults auth from the credentials: %s → %s', (_label, options, mode) => {
    expect(resolveCrispHookAuthConfig(options).mode).toBe(mode);
  });

  it('keeps the values given, one plugin secret as a list of one', () => {
    const options: CrispHookAuthOptions = {
      keys: ['k1'],
      websiteKeys: { w1: ['k2', 'k3'], w2: ['k2'] },
      websites: ['w1', 'w2', 'w3'],
      pluginSecret: SECRET,
      signatureMaxAgeSeconds: 300,
      auth: 'either',
      authFailureLimit: false,
    };
    expect(resolveCrispHookAuthConfig(options)).toEqual({
      mode: 'either',
      keys: ['k1'],
      websiteKeys: { w1: ['k2', 'k3'], w2: ['k2'] },
      websites: ['w1', 'w2', 'w3'],
      pluginSecrets: [SECRET],
      signatureMaxAgeSeconds: 300,
      failureLimit: null,
    });
  });

  it.each<[string, CrispHookAuthOptions, RegExp]>([
    ['no way in at all', {}, /at least one key or plugin secret/],
    ["auth 'key' without keys", { auth: 'key', pluginSecret: SECRET }, /auth 'key' needs keys or websiteKeys/],
    ["auth 'either' without a secret", { auth: 'either', keys: ['k1'] }, /auth 'either' needs pluginSecret/],
    ["auth 'either' without keys", { auth: 'either', pluginSecret: SECRET }, /auth 'either' needs keys/],
    ["auth 'signature' without a secret", { auth: 'signature', keys: ['k1'] }, /auth 'signature' needs pluginSecret/],
    [
      "auth 'key' with a secret",
      { auth: 'key', keys: ['k1'], pluginSecret: SECRET },
      /ignore the configured pluginSecret/,
    ],
    ["auth 'signature' with keys", { auth: 'signature', keys: ['k'], pluginSecret: SECRET }, /ignore .* keys/],
    ['an unknown auth', untyped({ keys: ['k1'], auth: 'both' }), /auth must be 'key', 'signature' or 'either'/],
    ['an empty key', { keys: ['k0', ''] }, /keys #1 is empty/],
    ['keys that are not a list', untyped({ keys: 'k1,k2' }), /keys must be a list of strings/],
    ['an empty website key', { websiteKeys: { w1: ['k1', ''] } }, /websiteKeys\['w1'\] #1 is empty/],
    ['a website without keys', { keys: ['k'], websiteKeys: { w1: [] } }, /websiteKeys\['w1'\] is an empty list/],
    ['websiteKeys as a list', untyped({ websiteKeys: [['w1', 'k1']] }), /websiteKeys must be an object/],
    ['an empty plugin secret', { pluginSecret: '' }, /pluginSecret #0 is empty/],
    ['an empty plugin secret among others', { pluginSecret: [SECRET, ''] }, /pluginSecret #1 is empty/],
    ['an empty allow-list', { keys: ['k'], websites: [] }, /websites is an empty list/],
    ['a website key outside the allow-list', { websiteKeys: { w2: ['k'] }, websites: ['w1'] }, /website w2/],
    ['a zero signatureMaxAgeSeconds', { pluginSecret: SECRET, signatureMaxAgeSeconds: 0 }, /signatureMaxAgeSeconds/],
    ['a NaN signatureMaxAgeSeconds', { pluginSecret: SECRET, signatureMaxAgeSeconds: NaN }, /signatureMaxAgeSeconds/],
    [
      'a fractional failure max',
      { keys: ['k'], authFailureLimit: { max: 1.5, windowSeconds: 60 } },
      /authFailureLimit/,
    ],
    ['a zero failure window', { keys: ['k'], authFailureLimit: { max: 5, windowSeconds: 0 } }, /authFailureLimit/],
  ])('refuses %s, saying how to fix it', (_label, options, message) => {
    expect(refusal(options)).toMatch(message);
  });

  it('never echoes a key or secret in its errors', () => {
    const key = 'secret-key-3e9b7a10';
    const messages = [
      refusal({ keys: [key, ''] }),
      refusal({ auth: 'key', keys: [key], pluginSecret: SECRET }),
      refusal({ websiteKeys: { w1: [key, ''] } }),
      refusal({ pluginSecret: [SECRET, ''], keys: [key] }),
      refusal(untyped({ keys: [key], auth: 'wrong' })),
    ];
    for (const message of messages) {
      expect(message).not.toContain(key);
      expect(message).not.toContain(SECRET);
    }
  });
});
