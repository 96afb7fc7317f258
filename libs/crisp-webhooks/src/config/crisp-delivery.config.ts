import {
  BAD_DELIVERY_FLAG,
  BAD_DELIVERY_OPTION,
  LEASE_SHORTER_THAN_POLLS,
  ORDER_WITH_HANDLERS_BEFORE_ANSWER,
} from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispDeliveryConfig, CrispDeliveryOptions } from '../interfaces';

const atLeast = (name: string, value: number, min: number, whole = false): number => {
  const valid = whole ? Number.isSafeInteger(value) : Number.isFinite(value);
  if (!valid || value < min) throw new CrispWebhooksConfigurationError(BAD_DELIVERY_OPTION(name, value, min, whole));
  return value;
};

const flag = (name: string, value: unknown, byDefault: boolean): boolean => {
  if (value === undefined) return byDefault;
  if (typeof value !== 'boolean') throw new CrispWebhooksConfigurationError(BAD_DELIVERY_FLAG(name, value));
  return value;
};

/** Applies the delivery defaults and checks them. @internal */
export function resolveCrispDeliveryConfig(options: CrispDeliveryOptions = {}): CrispDeliveryConfig {
  const retry = options.retry ?? {};
  const config: CrispDeliveryConfig = {
    retry: {
      // Counts end up in SQL LIMITs and loop bounds: whole numbers only.
      attempts: atLeast('retry.attempts', retry.attempts ?? 8, 1, true),
      baseDelayMs: atLeast('retry.baseDelayMs', retry.baseDelayMs ?? 1000, 0),
      maxDelayMs: atLeast('retry.maxDelayMs', retry.maxDelayMs ?? 300_000, 0),
    },
    handlersBeforeAnswer: flag('handlersBeforeAnswer', options.handlersBeforeAnswer, false),
    orderBySession: flag('orderBySession', options.orderBySession, false),
    concurrency: atLeast('concurrency', options.concurrency ?? 128, 1, true),
    maxBufferedBytes: atLeast('maxBufferedBytes', options.maxBufferedBytes ?? 32 * 1024 * 1024, 1, true),
    leaseSeconds: atLeast('leaseSeconds', options.leaseSeconds ?? 30, 1),
    pollIntervalMs: atLeast('pollIntervalMs', options.pollIntervalMs ?? 1000, 10),
    storeTimeoutMs: atLeast('storeTimeoutMs', options.storeTimeoutMs ?? 1500, 10),
    preparedStatements: flag('preparedStatements', options.preparedStatements, true),
    handlerTimeoutMs: atLeast('handlerTimeoutMs', options.handlerTimeoutMs ?? 30_000, 1),
    shutdownTimeoutMs: atLeast('shutdownTimeoutMs', options.shutdownTimeoutMs ?? 10_000, 0),
  };
  if (config.handlersBeforeAnswer && config.orderBySession) {
    throw new CrispWebhooksConfigurationError(ORDER_WITH_HANDLERS_BEFORE_ANSWER());
  }
  // Leases are renewed once per poll: a lease must outlive a few polls, or a live instance loses its events.
  if (config.leaseSeconds * 1000 < 3 * config.pollIntervalMs) {
    throw new CrispWebhooksConfigurationError(LEASE_SHORTER_THAN_POLLS(config.leaseSeconds, config.pollIntervalMs));
  }
  return config;
}
