import type { CrispDeliveryConfig } from './crisp-delivery-options.interface';
import type { CrispHookAuthConfig, CrispHookAuthOptions } from './crisp-hook-auth-options.interface';
import type { CrispRetentionConfig } from './crisp-retention-options.interface';
import type { CrispWebhooksModuleOptions } from './crisp-webhooks-module-options.interface';
import type { CrispObservabilityConfig } from './crisp-observability-options.interface';

/** @internal The options with every default applied, checked once at start-up. */
export type CrispWebhooksConfig = Required<
  Omit<
    CrispWebhooksModuleOptions,
    'delivery' | 'metrics' | 'health' | 'deliveryLog' | 'retention' | keyof CrispHookAuthOptions
  >
> & {
  readonly observability: CrispObservabilityConfig;
  readonly delivery: CrispDeliveryConfig;
  /** `undefined` when retention is off. */
  readonly retention: CrispRetentionConfig | undefined;
  readonly authentication: CrispHookAuthConfig;
};
