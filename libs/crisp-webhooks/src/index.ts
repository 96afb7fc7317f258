export { CrispWebhooksModule } from './crisp-webhooks.module';
export type { CrispHookAnswer } from './crisp-webhooks.controller';
export * from './decorators';
export * from './dto';
export * from './errors';
export * from './events';
export type {
  CrispAuthFailureLimit,
  CrispDeliveryOptions,
  CrispHookAuthMode,
  CrispHookAuthOptions,
  CrispWebhooksModuleExtras,
  CrispWebhooksModuleOptions,
} from './interfaces';
export * from './persistence';
export { CRISP_WEBHOOKS_MIGRATIONS } from './migrations';
export type { CrispFieldError } from './utils/validation-errors.util';
export { redactCrispUrl } from './utils/redact-crisp-url.util';
export { GroupCommit, type GroupCommitOptions } from './utils/group-commit';
export { isPostgresRowError } from './utils/postgres-row-error.util';
export type {
  CrispWebhooksModuleAsyncOptions,
  CrispWebhooksModuleRootOptions,
} from './crisp-webhooks.module-definition';
