import type { Provider } from '@nestjs/common';
import { resolveCrispDeliveryConfig } from './crisp-delivery.config';
import { resolveCrispHookAuthConfig } from './crisp-hook-auth.config';
import { resolveCrispObservabilityConfig } from './crisp-observability.config';
import { resolveCrispRetentionConfig } from './crisp-retention.config';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_MODULE_OPTIONS,
  DEFAULT_BODY_LIMIT_BYTES,
} from '../crisp-webhooks.constants';
import { BAD_BODY_LIMIT, BAD_INVALID_EVENTS } from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispWebhooksConfig, CrispWebhooksModuleOptions } from '../interfaces';

/** Applies the defaults and checks the options once, so a mistake stops the app at start-up. @internal */
export function resolveCrispWebhooksConfig(options: CrispWebhooksModuleOptions): CrispWebhooksConfig {
  const config: CrispWebhooksConfig = {
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES,
    invalidEvents: options.invalidEvents ?? 'quarantine',
    delivery: resolveCrispDeliveryConfig(options.delivery),
    retention: resolveCrispRetentionConfig(options.retention),
    authentication: resolveCrispHookAuthConfig(options),
    observability: resolveCrispObservabilityConfig(options),
  };
  if (!Number.isSafeInteger(config.bodyLimit) || config.bodyLimit <= 0) {
    throw new CrispWebhooksConfigurationError(BAD_BODY_LIMIT(config.bodyLimit));
  }
  if (config.invalidEvents !== 'quarantine' && config.invalidEvents !== 'reject') {
    throw new CrispWebhooksConfigurationError(BAD_INVALID_EVENTS(config.invalidEvents));
  }
  return config;
}

/** @internal */
export const crispWebhooksConfigProvider: Provider = {
  provide: CRISP_WEBHOOKS_CONFIG,
  useFactory: resolveCrispWebhooksConfig,
  inject: [CRISP_WEBHOOKS_MODULE_OPTIONS],
};
