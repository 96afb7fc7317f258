import { CreateCrispWebhookEvents1764115200000 } from './1764115200000-CreateCrispWebhookEvents';

/** The module's migrations, in order: add them to your DataSource's `migrations`. @publicApi */
export const CRISP_WEBHOOKS_MIGRATIONS = [CreateCrispWebhookEvents1764115200000];
