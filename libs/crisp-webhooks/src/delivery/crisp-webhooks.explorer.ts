import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { CrispEventDispatcher } from './crisp-event.dispatcher';
import { CRISP_ERASURE_HANDLER_METADATA, CRISP_EVENT_HANDLER_METADATA } from '../crisp-webhooks.constants';
import {
  BAD_HANDLER_TIMEOUT,
  DUPLICATE_HANDLER,
  HANDLER_TIMED_OUT,
  REQUEST_SCOPED_HANDLER,
} from '../crisp-webhooks.messages';
import { type CrispDispatchContext, CrispHandlerOutcome } from './crisp-handler-outcome';
import type { CrispEventHandlerMetadata } from '../decorators/on-crisp-event.decorator';
import { CrispWebhooksConfigurationError } from '../errors';
import { CRISP_ERASURE_CHANNEL, crispHandlerChannels } from './crisp-event-channels';
import {
  type CrispHandlerContext,
  CrispHandlerRun,
  eventForRun,
  runCrispHandler,
  runCrispHandlerFor,
} from './crisp-handler-run';

type HandlerMethod = (event: unknown, context?: CrispHandlerContext) => unknown;

/**
 * Finds the `@OnCrispEvent` (and `@OnCrispErasure`) methods of every provider and binds each, through the dispatcher, inside a
 * wrapper that gives an event handler its own copy of the event and its run's `CrispHandlerContext` (as an argument,
 * and as the current run when runs are tracked) and
 * turns its result into a `CrispHandlerOutcome`, so a throwing handler never rejects
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
        const run: HandlerMethod = (event, context) =>
          (instance as Record<string, HandlerMethod>)[method](event, context);
        if (erasure) this.bind(name, [CRISP_ERASURE_CHANNEL], (request) => run(request));
        if (!metadata) continue;
        if (names.has(name)) throw new CrispWebhooksConfigurationError(DUPLICATE_HANDLER(name));
        names.add(name);
        this.dispatcher.recordHandler(name, metadata.events);
        const { timeoutMs } = metadata;
        if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 1)) {
          throw new CrispWebhooksConfigurationError(BAD_HANDLER_TIMEOUT(name, timeoutMs));
        }
        this.bind(name, new Set(metadata.events.flatMap(crispHandlerChannels)), (event, dispatch) => {
          const context = new CrispHandlerRun(
            (event as { id: string }).id,
            name,
            dispatch?.attempt ?? 1,
            dispatch?.stopping,
          );
          const own = eventForRun(event as object, context);
          const limit = timeoutMs ?? dispatch?.handlerTimeoutMs;
          if (limit === undefined) return runCrispHandler(context, () => run(own, context));
          return runCrispHandlerFor(
            context,
            limit,
            () => new Error(HANDLER_TIMED_OUT(name, limit)),
            () => run(own, context),
          );
        });
      }
    }
  }

  private bind(
    name: string,
    channels: Iterable<string>,
    run: (event: unknown, dispatch?: CrispDispatchContext) => unknown,
  ) {
    const listener = async (event: unknown, dispatch?: CrispDispatchContext) => {
      if (dispatch?.completed.has(name)) return undefined;
      const started = performance.now();
      try {
        await run(event, dispatch);
        return new CrispHandlerOutcome(name, true, undefined, performance.now() - started);
      } catch (error) {
        return new CrispHandlerOutcome(name, false, error, performance.now() - started);
      }
    };
    this.dispatcher.listen(channels, listener);
  }
}
