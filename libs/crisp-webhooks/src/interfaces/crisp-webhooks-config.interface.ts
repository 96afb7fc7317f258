import type { CrispWebhooksModuleOptions } from './crisp-webhooks-module-options.interface';

/** @internal The options with every default applied, checked once at start-up. */
export type CrispWebhooksConfig = Required<CrispWebhooksModuleOptions>;
