import { Registry } from 'prom-client';
import { resolveCrispObservabilityConfig } from './crisp-observability.config';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispWebhooksModuleOptions } from '../interfaces';

const untyped = (options: Record<string, unknown>) => options as unknown as CrispWebhooksModuleOptions;
const refused = (options: Record<string, unknown>, message: RegExp) => {
  expect(() => resolveCrispObservabilityConfig(untyped(options))).toThrow(CrispWebhooksConfigurationError);
  expect(() => resolveCrispObservabilityConfig(untyped(options))).toThrow(message);
};

describe('resolveCrispObservabilityConfig', () => {
  it('defaults: metrics off, health bounds that report without failing, delivery lines at debug', () => {
    expect(resolveCrispObservabilityConfig({})).toEqual({
      metrics: null,
      health: {
        timeoutMs: 1000,
        maxBacklog: 10_000,
        maxBacklogAgeSeconds: 900,
        maxDead: 0,
        silenceSeconds: 86_400,
        cacheSeconds: 5,
        exceeded: 'degraded',
      },
      deliveryLog: 'debug',
    });
  });

  it('turns metrics on with true (default registry) or with a registry of its own', () => {
    expect(resolveCrispObservabilityConfig({ metrics: true }).metrics).toEqual({
      registry: undefined,
      cacheSeconds: 5,
    });
    const registry = new Registry();
    expect(resolveCrispObservabilityConfig({ metrics: { registry, cacheSeconds: 0 } }).metrics).toEqual({
      registry,
      cacheSeconds: 0,
    });
    expect(resolveCrispObservabilityConfig({ metrics: false }).metrics).toBeNull();
  });

  it('keeps null bounds (not checked) and the values given', () => {
    const health = { maxBacklog: null, maxBacklogAgeSeconds: 60, maxDead: null, silenceSeconds: 1, exceeded: 'down' };
    expect(resolveCrispObservabilityConfig(untyped({ health })).health).toEqual({
      timeoutMs: 1000,
      cacheSeconds: 5,
      ...health,
    });
    expect(resolveCrispObservabilityConfig({ deliveryLog: false }).deliveryLog).toBe(false);
  });

  it.each([['yes'], [1], [[]], [null]])('refuses metrics %p', (metrics) => {
    refused({ metrics }, /metrics must be true, false or/);
  });

  it('refuses a registry that is not a prom-client one', () => {
    refused({ metrics: { registry: {} } }, /metrics.registry is not a prom-client Registry/);
  });

  it.each([
    [{ metrics: { cacheSeconds: -1 } }, /metrics.cacheSeconds must be a number of at least 0, got -1/],
    [{ health: { timeoutMs: null } }, /health.timeoutMs must be a number of at least 0, got null/],
    [{ health: { maxDead: '1' } }, /health.maxDead must be a number of at least 0, or null for no check, got 1/],
    [{ health: { silenceSeconds: Number.NaN } }, /health.silenceSeconds must be/],
    [{ health: { exceeded: 'warn' } }, /health.exceeded must be 'degraded' or 'down', got warn/],
    [{ deliveryLog: 'info' }, /deliveryLog must be 'log', 'debug', 'verbose' or false, got info/],
  ])('refuses %p, naming the option', (options, message) => refused(options, message));
});
