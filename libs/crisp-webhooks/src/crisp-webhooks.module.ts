import { Module } from '@nestjs/common';
import { ConfigurableModuleClass } from './crisp-webhooks.module-definition';

/**
 * Receives Crisp web hooks: `POST /<path>?key=KEY`, checked, stored in `crisp_webhook_events`,
 * answered, then dispatched to `@OnCrispEvent` handlers. Needs `EventEmitterModule.forRoot()` and a
 * TypeORM connection in the host app, and `CRISP_WEBHOOKS_MIGRATIONS` among its migrations.
 *
 * @example
 * CrispWebhooksModule.forRoot({ keys: [process.env.CRISP_WEBHOOK_KEY!] })
 * @publicApi
 */
@Module({})
export class CrispWebhooksModule extends ConfigurableModuleClass {}
