export { CrispApiModule } from './crisp-api.module';
export type { CrispApiModuleAsyncOptions, CrispApiModuleRootOptions } from './crisp-api.module-definition';
export type { CrispApiModuleExtras, CrispApiModuleOptions, CrispApiTier } from './crisp-api-module-options.interface';
export { InjectCrispApi } from './inject-crisp-api.decorator';
export {
  CrispReplies,
  type CrispConversationEvent,
  type CrispReplyMessage,
  type CrispReplyOptions,
  type CrispReplyResult,
} from './crisp-replies';
export type { CrispConversationsClient, CrispReplyBody, CrispReplyUser } from './crisp-api-client';
export { CrispApiError, crispApiFailure, isRetryableCrispStatus, toCrispApiError } from './crisp-api.error';
