import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CrispEventDispatcher } from '../delivery/crisp-event.dispatcher';
import { CrispWebhooksExplorer } from '../delivery/crisp-webhooks.explorer';
import { CrispWebhooksTesting } from './crisp-webhooks-testing';

/**
 * Runs the `@OnCrispEvent` handlers of a testing module without HTTP and without a database, for unit tests:
 * import it beside the providers under test, then emit events through {@link CrispWebhooksTesting}. The handlers
 * are found and called by the module's own explorer and dispatcher, so they run as the worker runs them.
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
export class CrispWebhooksTestingModule {}
