import { resolveCrispDeliveryConfig } from './crisp-delivery.config';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispDeliveryOptions } from '../interfaces';

/** Options as they may arrive from untyped configuration (environment, JSON). */
const untyped = (options: Record<string, unknown>) => options as unknown as CrispDeliveryOptions;

const DEFAULTS = {
  retry: { attempts: 8, baseDelayMs: 1000, maxDelayMs: 300_000 },
  handlersBeforeAnswer: false,
  orderBySession: false,
  concurrency: 128,
  maxBufferedBytes: 33_554_432,
  leaseSeconds: 30,
  pollIntervalMs: 1000,
  storeTimeoutMs: 1500,
  preparedStatements: true,
  handlerTimeoutMs: 30_000,
  shutdownTimeoutMs: 10_000,
};

describe('resolveCrispDeliveryConfig', () => {
  it('applies the defaults when no delivery options are given', () => {
    expect(resolveCrispDeliveryConfig()).toEqual(DEFAULTS);
    expect(resolveCrispDeliveryConfig({})).toEqual(DEFAULTS);
  });

  it('fills in the retry defaults of the retry fields not given', () => {
    expect(resolveCrispDeliveryConfig({ retry: { attempts: 3 } }).retry).toEqual({
      attempts: 3,
      baseDelayMs: 1000,
      maxDelayMs: 300_000,
    });
  });

  it('keeps every value given', () => {
    const options = {
      retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      handlersBeforeAnswer: true,
      concurrency: 1,
      maxBufferedBytes: 1,
      leaseSeconds: 1,
      pollIntervalMs: 10,
      storeTimeoutMs: 10,
      preparedStatements: false,
      handlerTimeoutMs: 1,
      shutdownTimeoutMs: 0,
    };
    expect(resolveCrispDeliveryConfig(options)).toEqual({ ...options, orderBySession: false });
    expect(resolveCrispDeliveryConfig({ orderBySession: true }).orderBySession).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['retry.attempts 0', { retry: { attempts: 0 } }, 'retry.attempts'],
    ['retry.attempts NaN', { retry: { attempts: Number.NaN } }, 'retry.attempts'],
    ['retry.attempts Infinity', { retry: { attempts: Number.POSITIVE_INFINITY } }, 'retry.attempts'],
    ['retry.baseDelayMs -1', { retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
    ['retry.maxDelayMs -1', { retry: { maxDelayMs: -1 } }, 'retry.maxDelayMs'],
    ['retry.maxDelayMs NaN', { retry: { maxDelayMs: Number.NaN } }, 'retry.maxDelayMs'],
    ['concurrency 0', { concurrency: 0 }, 'concurrency'],
    ['concurrency -4', { concurrency: -4 }, 'concurrency'],
    ['concurrency as a string', { concurrency: '8' }, 'concurrency'],
    ['maxBufferedBytes 0', { maxBufferedBytes: 0 }, 'maxBufferedBytes'],
    ['maxBufferedBytes as a string', { maxBufferedBytes: '32mb' }, 'maxBufferedBytes'],
    ['leaseSeconds 0', { leaseSeconds: 0 }, 'leaseSeconds'],
    ['leaseSeconds Infinity', { leaseSeconds: Number.POSITIVE_INFINITY }, 'leaseSeconds'],
    ['pollIntervalMs 9', { pollIntervalMs: 9 }, 'pollIntervalMs'],
    ['pollIntervalMs NaN', { pollIntervalMs: Number.NaN }, 'pollIntervalMs'],
    ['storeTimeoutMs 9', { storeTimeoutMs: 9 }, 'storeTimeoutMs'],
    ['storeTimeoutMs -1', { storeTimeoutMs: -1 }, 'storeTimeoutMs'],
    ['handlerTimeoutMs 0', { handlerTimeoutMs: 0 }, 'handlerTimeoutMs'],
    ['handlerTimeoutMs NaN', { handlerTimeoutMs: Number.NaN }, 'handlerTimeoutMs'],
    ['shutdownTimeoutMs -1', { shutdownTimeoutMs: -1 }, 'shutdownTimeoutMs'],
    ['shutdownTimeoutMs as a string', { shutdownTimeoutMs: '10' }, 'shutdownTimeoutMs'],
  ])('refuses %s, naming the option', (_label, options, name) => {
    expect(() => resolveCrispDeliveryConfig(untyped(options))).toThrow(CrispWebhooksConfigurationError);
    expect(() => resolveCrispDeliveryConfig(untyped(options))).toThrow(
      new RegExp(`delivery\\.${name} must be a (whole )?number`),
    );
  });

  it.each([
    ['concurrency 1.25', { concurrency: 1.25 }, 'concurrency'],
    ['maxBufferedBytes 1024.5', { maxBufferedBytes: 1024.5 }, 'maxBufferedBytes'],
    ['retry.attempts 2.5', { retry: { attempts: 2.5 } }, 'retry.attempts'],
  ])('refuses a fractional count (%s): counts are SQL LIMITs', (_label, options, name) => {
    expect(() => resolveCrispDeliveryConfig(options)).toThrow(`delivery.${name} must be a whole number`);
  });

  it.each([
    ['handlersBeforeAnswer', 'true'],
    ['orderBySession', 1],
    ['preparedStatements', 'false'],
    ['preparedStatements', null],
  ])('refuses %s set to %p: true or false only', (name, value) => {
    const resolve = () => resolveCrispDeliveryConfig(untyped({ [name]: value }));
    expect(resolve).toThrow(CrispWebhooksConfigurationError);
    expect(resolve).toThrow(
      `delivery.${name} must be true or false, got ${typeof value === 'string' ? `the string "${value}"` : value}`,
    );
  });

  it('says how to read a flag from an environment variable', () => {
    expect(() => resolveCrispDeliveryConfig(untyped({ preparedStatements: 'false' }))).toThrow(
      /compare it \(`=== "true"`\)/,
    );
  });

  it('refuses a lease that would expire between two renewals (renewed once per poll)', () => {
    expect(() => resolveCrispDeliveryConfig({ leaseSeconds: 1, pollIntervalMs: 1000 })).toThrow(
      /leaseSeconds \(1 s\) must last at least 3 polls/,
    );
    expect(() => resolveCrispDeliveryConfig({ leaseSeconds: 3, pollIntervalMs: 1000 })).not.toThrow();
  });

  it('accepts the lowest value of each option', () => {
    expect(() =>
      resolveCrispDeliveryConfig({
        retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
        concurrency: 1,
        leaseSeconds: 1,
        pollIntervalMs: 10,
        storeTimeoutMs: 10,
      }),
    ).not.toThrow();
  });

  it('refuses handlersBeforeAnswer together with orderBySession', () => {
    const options = { handlersBeforeAnswer: true, orderBySession: true };
    expect(() => resolveCrispDeliveryConfig(options)).toThrow(CrispWebhooksConfigurationError);
    expect(() => resolveCrispDeliveryConfig(options)).toThrow(/handlersBeforeAnswer cannot be combined/);
  });

  it('throws errors named CrispWebhooksConfigurationError, so they are recognisable in start-up logs', () => {
    expect(() => resolveCrispDeliveryConfig({ concurrency: 0 })).toThrow(
      expect.objectContaining({ name: 'CrispWebhooksConfigurationError' }),
    );
  });
});
