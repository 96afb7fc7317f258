import { CrispApiReplyEntity } from '../crisp-api/crisp-api-reply.entity';
import { CrispWebhookEventEntity } from './crisp-webhook-event.entity';

export { CrispWebhookEventEntity } from './crisp-webhook-event.entity';
export type { CrispStoredAttempt } from './crisp-attempt-history';
export { CrispApiReplyEntity, type CrispApiReplyStatus } from '../crisp-api/crisp-api-reply.entity';
export { CRISP_WEBHOOK_EVENT_STATUSES, type CrispWebhookEventStatus } from './crisp-webhook-event-status';

/** The module's entities: add them to the `entities` of a DataSource the TypeORM CLI uses. @publicApi */
export const CRISP_WEBHOOKS_ENTITIES = [CrispWebhookEventEntity, CrispApiReplyEntity];
