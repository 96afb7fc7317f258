export type { CrispWebhooksModuleExtras, CrispWebhooksModuleOptions } from './crisp-webhooks-module-options.interface';
export type { CrispWebhooksConfig } from './crisp-webhooks-config.interface';
