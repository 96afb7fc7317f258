import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { resolveCrispDeliveryConfig } from '../config/crisp-delivery.config';
import { CRISP_WEBHOOKS_TESTING_CONFIG } from '../crisp-webhooks.constants';
import { CrispEventDispatcher } from '../delivery/crisp-event.dispatcher';
import { CrispWebhooksExplorer } from '../delivery/crisp-webhooks.explorer';
import type { CrispDeliveryOptions } from '../interfaces';
import { CrispWebhooksTesting, type CrispWebhooksTestingConfig } from './crisp-webhooks-testing';

/** What `CrispWebhooksTestingModule.forRoot()` takes. @publicApi */
export interface CrispWebhooksTestingOptions {
  /**
   * The delivery options of the app under test (only `handlerTimeoutMs` matters here), so that a handler
   * times out in its tests as it would in production. Checked as `CrispWebhooksModule` checks them.
   * @default the module's defaults: `handlerTimeoutMs` 30000
   */
  readonly delivery?: Pick<CrispDeliveryOptions, 'handlerTimeoutMs'>;
}

/**
 * Runs the `@OnCrispEvent` handlers of a testing module without HTTP and without a database, for unit tests:
 * import it beside the providers under test (or `CrispWebhooksTestingModule.forRoot({ delivery })` to give the
 * app's handler timeout), then emit events through {@link CrispWebhooksTesting}. The handlers are found and
 * called by the module's own explorer and dispatcher, so they run as the worker runs them, timeouts included.
 *
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [CrispWebhooksTestingModule],
 *   providers: [SupportHandlers],
 * }).compile();
 * await moduleRef.init();
 * const crisp = moduleRef.get(CrispWebhooksTesting);
 *
 * const outcomes = await crisp.emit(crispEvent('message:send', { data: { content: 'refund' } }));
 * expect(outcomes).toEqual([{ handler: 'SupportHandlers.onVisitorMessage', ok: true }]);
 * ```
 *
 * @publicApi
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    // An emitter of its own: the handlers under test are bound on it alone, whether or not the test imports
    // EventEmitterModule, and no listener limit warns when many handlers share an event.
    { provide: EventEmitter2, useFactory: () => new EventEmitter2({ maxListeners: 0 }) },
    CrispEventDispatcher,
    CrispWebhooksExplorer,
    CrispWebhooksTesting,
  ],
  exports: [CrispWebhooksTesting],
})
export class CrispWebhooksTestingModule {
  /** The testing module with the app's own delivery options: the handler timeout it runs the handlers with. */
  static forRoot(options: CrispWebhooksTestingOptions = {}): DynamicModule {
    const { handlerTimeoutMs } = resolveCrispDeliveryConfig({ handlerTimeoutMs: options.delivery?.handlerTimeoutMs });
    const config: CrispWebhooksTestingConfig = { handlerTimeoutMs };
    return {
      module: CrispWebhooksTestingModule,
      providers: [{ provide: CRISP_WEBHOOKS_TESTING_CONFIG, useValue: config }],
    };
  }
}
