import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CrispAdminAuthGuard } from './admin/crisp-admin-auth.guard';
import { createCrispAdminController } from './admin/crisp-admin.controller';
import { createCrispAdminPageController } from './admin/crisp-admin-page.controller';
import { CrispWebhookEventsAdmin } from './admin/crisp-webhook-events.admin';
import { resolveCrispAdminConfig } from './config/crisp-admin.config';
import { CrispRetentionScheduler } from './admin/crisp-retention.scheduler';
import { CrispEventDispatcher } from './delivery/crisp-event.dispatcher';
import { CrispAuthFailureLimiter } from './auth/crisp-auth-failure.limiter';
import { CrispHookBodyClaimer } from './http/crisp-hook-body.claimer';
import { CrispHookCredentials } from './auth/crisp-hook.credentials';
import { crispWebhooksConfigProvider } from './config/crisp-webhooks.config';
import {
  CRISP_ADMIN_CONFIG,
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_INSTANCE,
  CRISP_WEBHOOKS_METRICS,
  CRISP_WEBHOOKS_MODULE_OPTIONS,
  CRISP_WEBHOOKS_PATH,
} from './crisp-webhooks.constants';
import { createCrispWebhooksController } from './http/crisp-webhooks.controller';
import { CrispWebhooksExplorer } from './delivery/crisp-webhooks.explorer';
import { CrispWebhooksWorker } from './delivery/crisp-webhooks.worker';
import { CrispErasureFailedError } from './errors';
import type { CrispWebhooksModuleExtras } from './interfaces';
import { CrispWebhookEventEntity } from './persistence/crisp-webhook-event.entity';
import { CrispWebhookInbox } from './persistence/crisp-webhook-inbox';
import { CrispWebhookQueue } from './persistence/crisp-webhook-queue';
import { CrispDeliveryObserver } from './observability/crisp-delivery.observer';
import {
  CrispWebhooksHealthCheck,
  CrispWebhooksHealthIndicator,
} from './observability/crisp-webhooks-health.indicator';
import { crispWebhooksMetricsProvider } from './observability/crisp-webhooks-metrics.provider';
import { CrispWebhooksMonitor } from './observability/crisp-webhooks.monitor';

/**
 * The admin service of this app: erasures go to the `@OnCrispErasure()` handlers, which must all succeed
 * before the rows go; a replay wakes this instance's worker, so the events run now rather than at its next poll.
 */
function crispWebhookEventsAdmin(
  dataSource: DataSource,
  dispatcher: CrispEventDispatcher,
  worker: CrispWebhooksWorker,
): CrispWebhookEventsAdmin {
  return new CrispWebhookEventsAdmin(dataSource, {
    onErasure: async (erasure) => {
      const failed = (await dispatcher.erase(erasure)).filter((outcome) => !outcome.ok);
      if (failed.length > 0) throw new CrispErasureFailedError(failed.map((outcome) => outcome.handler));
    },
    onQueued: () => worker.poke(),
    handlersOf: (event) => dispatcher.handlersOf(event),
  });
}

/**
 * Adds what every registration needs to the module ConfigurableModuleBuilder generated: the
 * controller at its path, the entity, discovery, and the providers of the hot path.
 * @internal
 */
export function withCrispWebhooksRuntime(definition: DynamicModule, extras: CrispWebhooksModuleExtras): DynamicModule {
  const path = extras.path ?? '';
  const admin = resolveCrispAdminConfig(extras.admin);
  return {
    ...definition,
    global: extras.isGlobal,
    imports: [
      ...(definition.imports ?? []),
      DiscoveryModule,
      TypeOrmModule.forFeature([CrispWebhookEventEntity], extras.dataSource),
    ],
    exports: [
      ...(definition.exports ?? []),
      CRISP_WEBHOOKS_MODULE_OPTIONS,
      CRISP_WEBHOOKS_CONFIG,
      CrispWebhookEventsAdmin,
      CRISP_WEBHOOKS_METRICS,
      CrispWebhooksHealthIndicator,
    ],
    controllers: [
      createCrispWebhooksController(path, extras.decorators ?? []),
      ...(admin ? [createCrispAdminController(path, admin), createCrispAdminPageController(path, admin)] : []),
    ],
    providers: [
      ...(definition.providers ?? []),
      crispWebhooksConfigProvider,
      { provide: CRISP_WEBHOOKS_PATH, useValue: path },
      { provide: CRISP_WEBHOOKS_DATA_SOURCE, useExisting: getDataSourceToken(extras.dataSource) },
      CrispWebhooksMonitor,
      crispWebhooksMetricsProvider,
      CrispDeliveryObserver,
      { provide: CrispWebhooksHealthIndicator, useClass: CrispWebhooksHealthCheck },
      CrispHookBodyClaimer,
      CrispHookCredentials,
      CrispAuthFailureLimiter,
      { provide: CRISP_WEBHOOKS_INSTANCE, useFactory: () => randomUUID() },
      CrispWebhookInbox,
      CrispWebhookQueue,
      CrispEventDispatcher,
      CrispWebhooksWorker,
      CrispWebhooksExplorer,
      {
        provide: CrispWebhookEventsAdmin,
        useFactory: crispWebhookEventsAdmin,
        inject: [CRISP_WEBHOOKS_DATA_SOURCE, CrispEventDispatcher, CrispWebhooksWorker],
      },
      ...(admin ? [{ provide: CRISP_ADMIN_CONFIG, useValue: admin }, CrispAdminAuthGuard] : []),
      CrispRetentionScheduler,
    ],
  };
}
