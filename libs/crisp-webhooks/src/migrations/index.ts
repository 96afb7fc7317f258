import { CreateCrispWebhookEvents1764115200000 } from './1764115200000-CreateCrispWebhookEvents';
import { AddCrispWebhookEventProcessing1764201600000 } from './1764201600000-AddCrispWebhookEventProcessing';
import { AddCrispWebhookEventHandlersDead1764288000000 } from './1764288000000-AddCrispWebhookEventHandlersDead';
import { AddCrispWebhookEventAdminIndexes1764403200000 } from './1764403200000-AddCrispWebhookEventAdminIndexes';
import { CreateCrispApiReplies1764547200000 } from './1764547200000-CreateCrispApiReplies';

/** The module's migrations, in order: add them to your DataSource's `migrations`. @publicApi */
export const CRISP_WEBHOOKS_MIGRATIONS = [
  CreateCrispWebhookEvents1764115200000,
  AddCrispWebhookEventProcessing1764201600000,
  AddCrispWebhookEventHandlersDead1764288000000,
  AddCrispWebhookEventAdminIndexes1764403200000,
  CreateCrispApiReplies1764547200000,
];
