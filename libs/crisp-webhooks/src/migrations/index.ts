import { CreateCrispWebhookEvents1764115200000 } from './1764115200000-CreateCrispWebhookEvents';
import { AddCrispWebhookEventProcessing1764201600000 } from './1764201600000-AddCrispWebhookEventProcessing';
import { AddCrispWebhookEventHandlersDead1764288000000 } from './1764288000000-AddCrispWebhookEventHandlersDead';
import { AddCrispWebhookEventRawBody1764374400000 } from './1764374400000-AddCrispWebhookEventRawBody';
import { AddCrispWebhookEventAdminIndexes1764403200000 } from './1764403200000-AddCrispWebhookEventAdminIndexes';
import { AddCrispWebhookEventPayloadDroppedAt1764460800000 } from './1764460800000-AddCrispWebhookEventPayloadDroppedAt';
import { CreateCrispApiReplies1764547200000 } from './1764547200000-CreateCrispApiReplies';
import { AddCrispWebhookEventAttemptHistory1764640800000 } from './1764640800000-AddCrispWebhookEventAttemptHistory';
import { SlimCrispWebhookEventIndexes1764727200000 } from './1764727200000-SlimCrispWebhookEventIndexes';

/** The module's migrations, in order: add them to your DataSource's `migrations`. @publicApi */
export const CRISP_WEBHOOKS_MIGRATIONS = [
  CreateCrispWebhookEvents1764115200000,
  AddCrispWebhookEventProcessing1764201600000,
  AddCrispWebhookEventHandlersDead1764288000000,
  AddCrispWebhookEventRawBody1764374400000,
  AddCrispWebhookEventAdminIndexes1764403200000,
  AddCrispWebhookEventPayloadDroppedAt1764460800000,
  CreateCrispApiReplies1764547200000,
  AddCrispWebhookEventAttemptHistory1764640800000,
  SlimCrispWebhookEventIndexes1764727200000,
];
