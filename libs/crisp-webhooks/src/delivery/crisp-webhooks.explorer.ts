import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { CrispEventDispatcher } from './crisp-event.dispatcher';
import { CRISP_ERASURE_HANDLER_METADATA, CRISP_EVENT_HANDLER_METADATA } from '../crisp-webhooks.constants';
import { DUPLICATE_HANDLER, REQUEST_SCOPED_HANDLER } from '../crisp-webhooks.messages';
import { type CrispDispatchContext, CrispHandlerOutcome } from './crisp-handler-outcome';
import type { CrispEventHandlerMetadata } from '../decorators/on-crisp-event.decorator';
import { CrispWebhooksConfigurationError } from '../errors';
import { CRISP_ERASURE_CHANNEL, crispHandlerChannels } from './crisp-event-channels';

/**
 * Finds the `@OnCrispEvent` (and `@OnCrispErasure`) methods of every provider and binds each, through the dispatcher, inside a
 * wrapper that turns its result into a `CrispHandlerOutcome`, so a throwing handler never rejects
 * the emit and every handler's result is known by name. Binds in `onModuleInit`, before anything
 * can be dispatched.
 */
@Injectable()
export class CrispWebhooksExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly dispatcher: CrispEventDispatcher,
  ) {}

  onModuleInit(): void {
    if (!this.dispatcher.claimBinding()) return;
    const names = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (wrapper.isAlias || !instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const metadata = Reflect.getMetadata(CRISP_EVENT_HANDLER_METADATA, prototype[method] as object) as
          CrispEventHandlerMetadata | undefined;
        const erasure = Reflect.getMetadata(CRISP_ERASURE_HANDLER_METADATA, prototype[method] as object) === true;
        if (!metadata && !erasure) continue;
        const name = `${instance.constructor.name}.${method}`;
        if (!wrapper.isDependencyTreeStatic()) throw new CrispWebhooksConfigurationError(REQUEST_SCOPED_HANDLER(name));
        const run = (event: unknown) => (instance as Record<string, (e: unknown) => unknown>)[method](event);
        if (erasure) this.bind(name, [CRISP_ERASURE_CHANNEL], run);
        if (!metadata) continue;
        if (names.has(name)) throw new CrispWebhooksConfigurationError(DUPLICATE_HANDLER(name));
        names.add(name);
        this.dispatcher.recordHandler(name, metadata.events);
        this.bind(name, new Set(metadata.events.flatMap(crispHandlerChannels)), run);
      }
    }
  }

  private bind(name: string, channels: Iterable<string>, run: (event: unknown) => unknown) {
    const listener = async (event: unknown, context?: CrispDispatchContext) => {
      if (context?.completed.has(name)) return undefined;
      try {
        await run(event);
        return new CrispHandlerOutcome(name, true);
      } catch (error) {
        return new CrispHandlerOutcome(name, false, error);
      }
    };
    this.dispatcher.listen(channels, listener);
  }
}
