import { Injectable, type OnModuleInit, Optional } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { CRISP_EVENT_HANDLER_METADATA } from './crisp-webhooks.constants';
import { DUPLICATE_HANDLER, NO_EVENT_EMITTER, REQUEST_SCOPED_HANDLER } from './crisp-webhooks.messages';
import { type CrispDispatchContext, CrispHandlerOutcome } from './crisp-handler-outcome';
import type { CrispEventHandlerMetadata } from './decorators/on-crisp-event.decorator';
import { CrispWebhooksConfigurationError } from './errors';
import { crispHandlerChannels } from './events/crisp-event-pattern.util';

/** Emitters whose listeners are bound: a second registration of the module must not bind them again. */
const boundEmitters = new WeakSet<EventEmitter2>();

/**
 * Finds the `@OnCrispEvent` methods of every provider and binds each to EventEmitter2 inside a
 * wrapper that turns its result into a `CrispHandlerOutcome`, so a throwing handler never rejects
 * the emit and every handler's result is known by name. Binds in `onModuleInit`, before anything
 * can be dispatched.
 */
@Injectable()
export class CrispWebhooksExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    @Optional() private readonly emitter?: EventEmitter2,
  ) {}

  onModuleInit(): void {
    if (!this.emitter) throw new CrispWebhooksConfigurationError(NO_EVENT_EMITTER());
    if (boundEmitters.has(this.emitter)) return;
    boundEmitters.add(this.emitter);
    const names = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (wrapper.isAlias || !instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const metadata = Reflect.getMetadata(CRISP_EVENT_HANDLER_METADATA, prototype[method] as object) as
          CrispEventHandlerMetadata | undefined;
        if (!metadata) continue;
        const name = `${instance.constructor.name}.${method}`;
        if (!wrapper.isDependencyTreeStatic()) throw new CrispWebhooksConfigurationError(REQUEST_SCOPED_HANDLER(name));
        if (names.has(name)) throw new CrispWebhooksConfigurationError(DUPLICATE_HANDLER(name));
        names.add(name);
        this.bind(this.emitter, name, metadata, (event) =>
          (instance as Record<string, (e: unknown) => unknown>)[method](event),
        );
      }
    }
  }

  private bind(
    emitter: EventEmitter2,
    name: string,
    metadata: CrispEventHandlerMetadata,
    run: (event: unknown) => unknown,
  ) {
    const listener = async (event: unknown, context?: CrispDispatchContext) => {
      if (context?.completed.has(name)) return undefined;
      try {
        await run(event);
        return new CrispHandlerOutcome(name, true);
      } catch (error) {
        return new CrispHandlerOutcome(name, false, error);
      }
    };
    for (const channel of new Set(metadata.events.flatMap(crispHandlerChannels))) emitter.on(channel, listener);
  }
}
