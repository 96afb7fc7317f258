export { CrispWebhooksModule } from './crisp-webhooks.module';
export {
  CrispWebhookEventsAdmin,
  type CrispEventListQuery,
  type CrispEventPage,
  type CrispEventStats,
  type CrispReplayOptions,
  type CrispReplayResult,
  type CrispReplaySelection,
  type CrispWebhookEventsAdminOptions,
} from './admin/crisp-webhook-events.admin';
export type {
  CrispAttemptSummary,
  CrispEventDetail,
  CrispEventSummary,
  CrispHandlerRunStatus,
  CrispHandlerRunSummary,
} from './admin/crisp-event-summary';
export type { CrispErasure, CrispErasureHook, CrispErasureRequest, CrispErasureResult } from './admin/crisp-erasure';
export { currentCrispHandlerRun, trackCrispHandlerRuns, type CrispHandlerContext } from './delivery/crisp-handler-run';
export type { CrispHookAnswer } from './http/crisp-webhooks.controller';
export * from './decorators';
export * from './dto';
export * from './errors';
export * from './events';
export {
  CrispWebhookRetention,
  type CrispBatchProgress,
  type CrispPruneSelection,
  type CrispRetentionRun,
} from './admin/crisp-webhook-retention';
export type { CrispDuration } from './config/crisp-duration';
export type {
  CrispAdminOptions,
  CrispAuthFailureLimit,
  CrispDeliveryLogLevel,
  CrispDeliveryOptions,
  CrispHealthOptions,
  CrispHookAuthMode,
  CrispHookAuthOptions,
  CrispMetricsOptions,
  CrispMetricsRegistry,
  CrispRetentionAges,
  CrispRetentionOptions,
  CrispWebhooksModuleExtras,
  CrispWebhooksModuleOptions,
} from './interfaces';
export * from './persistence';
export { CRISP_WEBHOOKS_MIGRATIONS } from './migrations';
export type { CrispFieldError } from './validation/validation-errors';
export { redactCrispUrl } from './auth/redact-crisp-url';
export { type CrispSerializedRequest, crispRequestSerializer } from './observability/crisp-request-serializer';
export { CrispConsoleLogger } from './observability/crisp-console.logger';
export { type CrispLogFields, crispLogFields } from './observability/crisp-log-fields';
export {
  type CrispHealthIndicatorResult,
  CrispWebhooksHealthIndicator,
} from './observability/crisp-webhooks-health.indicator';
export { GroupCommit, type GroupCommitOptions } from './persistence/group-commit';
export { isPostgresRowError } from './persistence/postgres-row-error';
export type {
  CrispWebhooksModuleAsyncOptions,
  CrispWebhooksModuleRootOptions,
} from './crisp-webhooks.module-definition';
