export type { CrispWebhooksModuleExtras, CrispWebhooksModuleOptions } from './crisp-webhooks-module-options.interface';
export type { CrispWebhooksConfig } from './crisp-webhooks-config.interface';
export type { CrispDeliveryConfig, CrispDeliveryOptions } from './crisp-delivery-options.interface';
export type {
  CrispAuthFailureLimit,
  CrispHookAuthConfig,
  CrispHookAuthMode,
  CrispHookAuthOptions,
} from './crisp-hook-auth-options.interface';
export type { CrispAdminConfig, CrispAdminOptions } from './crisp-admin-options.interface';
export type {
  CrispDeliveryLogLevel,
  CrispHealthOptions,
  CrispMetricsOptions,
  CrispMetricsRegistry,
  CrispObservabilityConfig,
} from './crisp-observability-options.interface';
export type {
  CrispRetentionAges,
  CrispRetentionAgesConfig,
  CrispRetentionConfig,
  CrispRetentionOptions,
} from './crisp-retention-options.interface';
