// The event catalogue's DTOs use class-transformer's @Type, which needs the Reflect metadata API.
import 'reflect-metadata';
import { resolveCrispDeliveryConfig } from './crisp-delivery.config';
import { resolveCrispHookAuthConfig } from './crisp-hook-auth.config';
import { resolveCrispObservabilityConfig } from './crisp-observability.config';
import { resolveCrispWebhooksConfig } from './crisp-webhooks.config';
import { DEFAULT_BODY_LIMIT_BYTES } from '../crisp-webhooks.constants';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispWebhooksModuleOptions } from '../interfaces';

/** Options as they may arrive from untyped configuration (environment, JSON). */
const untyped = (options: Record<string, unknown>) => options as unknown as CrispWebhooksModuleOptions;

describe('resolveCrispWebhooksConfig', () => {
  it('applies the defaults: 1 MB body limit, invalid events quarantined', () => {
    expect(resolveCrispWebhooksConfig({ keys: ['k1'] })).toEqual({
      bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
      invalidEvents: 'quarantine',
      delivery: resolveCrispDeliveryConfig(),
      authentication: resolveCrispHookAuthConfig({ keys: ['k1'] }),
      observability: resolveCrispObservabilityConfig({}),
    });
    expect(DEFAULT_BODY_LIMIT_BYTES).toBe(1024 * 1024);
  });

  it('keeps the values given, and nothing else', () => {
    const options = { keys: ['k1', 'k2'], bodyLimit: 2048, invalidEvents: 'reject' as const, path: 'hooks' };
    expect(resolveCrispWebhooksConfig(options)).toEqual({
      bodyLimit: 2048,
      invalidEvents: 'reject',
      delivery: resolveCrispDeliveryConfig(),
      authentication: resolveCrispHookAuthConfig({ keys: ['k1', 'k2'] }),
      observability: resolveCrispObservabilityConfig({}),
    });
  });

  it.each([
    ['keys missing', untyped({})],
    ['keys empty', { keys: [] }],
  ])('refuses %s (and no other way in), explaining why a key is needed', (_label, options) => {
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(CrispWebhooksConfigurationError);
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(/at least one key or plugin secret/);
  });

  it.each([
    [1, { keys: ['k0', ''] }],
    [0, untyped({ keys: [undefined] })],
    [2, untyped({ keys: ['k0', 'k1', 42] })],
  ])('refuses an empty or non-string key, naming its index (#%i)', (index, options) => {
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(CrispWebhooksConfigurationError);
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(`keys #${index} is empty`);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1024'])('refuses bodyLimit %p', (bodyLimit) => {
    const options = untyped({ keys: ['k'], bodyLimit });
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(CrispWebhooksConfigurationError);
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(/bodyLimit must be a positive number/);
  });

  it.each(['drop', 'Reject', ''])('refuses invalidEvents %p', (invalidEvents) => {
    const options = untyped({ keys: ['k'], invalidEvents });
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(CrispWebhooksConfigurationError);
    expect(() => resolveCrispWebhooksConfig(options)).toThrow(/invalidEvents must be 'quarantine' or 'reject'/);
  });

  it('throws errors named CrispWebhooksConfigurationError, so they are recognisable in start-up logs', () => {
    expect(() => resolveCrispWebhooksConfig({ keys: [] })).toThrow(
      expect.objectContaining({ name: 'CrispWebhooksConfigurationError' }),
    );
  });

  it('never echoes a key in its errors', () => {
    const secret = 'secret-key-3e9b7a10';
    try {
      resolveCrispWebhooksConfig({ keys: [secret, ''], bodyLimit: 0 });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
      return;
    }
    throw new Error('no error thrown');
  });
});
