import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { CrispEventDispatcher } from './delivery/crisp-event.dispatcher';
import { CrispAuthFailureLimiter } from './auth/crisp-auth-failure.limiter';
import { CrispHookBodyClaimer } from './http/crisp-hook-body.claimer';
import { CrispHookCredentials } from './auth/crisp-hook.credentials';
import { crispWebhooksConfigProvider } from './config/crisp-webhooks.config';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_INSTANCE,
  CRISP_WEBHOOKS_MODULE_OPTIONS,
  CRISP_WEBHOOKS_PATH,
} from './crisp-webhooks.constants';
import { createCrispWebhooksController } from './http/crisp-webhooks.controller';
import { CrispWebhooksExplorer } from './delivery/crisp-webhooks.explorer';
import { CrispWebhooksWorker } from './delivery/crisp-webhooks.worker';
import type { CrispWebhooksModuleExtras } from './interfaces';
import { CrispWebhookEventEntity } from './persistence/crisp-webhook-event.entity';
import { CrispWebhookInbox } from './persistence/crisp-webhook-inbox';
import { CrispWebhookQueue } from './persistence/crisp-webhook-queue';

/**
 * Adds what every registration needs to the module ConfigurableModuleBuilder generated: the
 * controller at its path, the entity, discovery, and the providers of the hot path.
 * @internal
 */
export function withCrispWebhooksRuntime(definition: DynamicModule, extras: CrispWebhooksModuleExtras): DynamicModule {
  const path = extras.path ?? '';
  return {
    ...definition,
    global: extras.isGlobal,
    imports: [
      ...(definition.imports ?? []),
      DiscoveryModule,
      TypeOrmModule.forFeature([CrispWebhookEventEntity], extras.dataSource),
    ],
    exports: [...(definition.exports ?? []), CRISP_WEBHOOKS_MODULE_OPTIONS, CRISP_WEBHOOKS_CONFIG],
    controllers: [createCrispWebhooksController(path, extras.decorators ?? [])],
    providers: [
      ...(definition.providers ?? []),
      crispWebhooksConfigProvider,
      { provide: CRISP_WEBHOOKS_PATH, useValue: path },
      { provide: CRISP_WEBHOOKS_DATA_SOURCE, useExisting: getDataSourceToken(extras.dataSource) },
      CrispHookBodyClaimer,
      CrispHookCredentials,
      CrispAuthFailureLimiter,
      { provide: CRISP_WEBHOOKS_INSTANCE, useFactory: () => randomUUID() },
      CrispWebhookInbox,
      CrispWebhookQueue,
      CrispEventDispatcher,
      CrispWebhooksWorker,
      CrispWebhooksExplorer,
    ],
  };
}
