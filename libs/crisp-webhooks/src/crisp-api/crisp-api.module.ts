import { Module } from '@nestjs/common';
import { ConfigurableModuleClass } from './crisp-api.module-definition';

/**
 * Crisp's REST API for acting back from handlers: provides the official `crisp-api` client, authenticated
 * with a token (`@InjectCrispApi()`), and `CrispReplies`, which replies into an event's conversation once
 * whatever the retries. Needs the `crisp-api` package, and the TypeORM connection `CrispWebhooksModule`
 * stores events in (its migrations create the replies' table).
 *
 * @example
 * CrispApiModule.forRoot({ identifier: process.env.CRISP_API_IDENTIFIER!, key: process.env.CRISP_API_KEY! })
 * @publicApi
 */
@Module({})
export class CrispApiModule extends ConfigurableModuleClass {}
