import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { type CrispDispatchContext, CrispHandlerOutcome } from './crisp-handler-outcome';
import type { CrispErasure } from '../admin/crisp-erasure';
import { CRISP_WEBHOOKS_METRICS } from '../crisp-webhooks.constants';
import { ERASURE_HANDLER_FAILED, HANDLER_FAILED, NO_EVENT_EMITTER } from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import { ANY_CRISP_EVENT } from '../events/crisp-event-pattern.util';
import { CRISP_ERASURE_CHANNEL, crispEventChannel } from './crisp-event-channels';
import type { CrispEvent, CrispUnknownEvent } from '../events/crisp-event.types';
import type { CrispWebhooksMetrics } from '../observability/crisp-webhooks.metrics';

/**
 * Emitters the handlers are bound on, with the events each handler subscribes to: a second registration
 * of the module must not bind them again, and every registration lists the same handlers.
 */
const boundEmitters = new WeakMap<EventEmitter2, Map<string, readonly string[]>>();

/**
 * The module's only contact with EventEmitter2: binds the handlers' listeners, then hands each event
 * to them and says how each fared. @internal
 */
@Injectable()
export class CrispEventDispatcher {
  private readonly logger = new Logger('CrispWebhooks');
  private readonly emitter: EventEmitter2;

  constructor(
    @Optional() @Inject(CRISP_WEBHOOKS_METRICS) private readonly metrics: CrispWebhooksMetrics | null = null,
    @Optional() emitter?: EventEmitter2,
  ) {
    if (!emitter) throw new CrispWebhooksConfigurationError(NO_EVENT_EMITTER());
    this.emitter = emitter;
  }

  /** Whether the handlers still have to be bound on this app's emitter; true only to the first to ask. */
  claimBinding(): boolean {
    if (boundEmitters.has(this.emitter)) return false;
    boundEmitters.set(this.emitter, new Map());
    return true;
  }

  /** Subscribes a handler's listener to the EventEmitter2 channels of its events. */
  listen(channels: Iterable<string>, listener: (event: unknown, context?: CrispDispatchContext) => unknown): void {
    for (const channel of channels) this.emitter.on(channel, listener);
  }

  /** Records an `@OnCrispEvent` handler (`Class.method`) and the event names (or `'*'`) it subscribes to. */
  recordHandler(name: string, events: readonly string[]): void {
    boundEmitters.get(this.emitter)?.set(name, events);
  }

  /** Every `@OnCrispEvent` handler bound on this app's emitter, by `Class.method`, sorted. */
  handlers(): string[] {
    return [...(boundEmitters.get(this.emitter)?.keys() ?? [])].sort();
  }

  /** The handlers an event of this name is dispatched to. */
  handlersOf(event: string): string[] {
    return [...(boundEmitters.get(this.emitter) ?? [])]
      .filter(([, events]) => events.includes(event) || events.includes(ANY_CRISP_EVENT))
      .map(([name]) => name)
      .sort();
  }

  /** Hands an erasure to every `@OnCrispErasure()` handler (and `crisp.erasure` listener); logs each failure. */
  async erase(erasure: CrispErasure): Promise<CrispHandlerOutcome[]> {
    const results: unknown[] = await this.emitter.emitAsync(CRISP_ERASURE_CHANNEL, erasure);
    const outcomes = results.filter((result): result is CrispHandlerOutcome => result instanceof CrispHandlerOutcome);
    for (const { handler, ok, error } of outcomes) {
      if (!ok) this.logger.error(ERASURE_HANDLER_FAILED(handler), (error as Error)?.stack ?? String(error));
    }
    return outcomes;
  }

  /** Runs every handler of the event but those in `completed`, and logs each failure with the event's id. */
  async dispatch(
    event: CrispEvent | CrispUnknownEvent,
    context?: CrispDispatchContext,
  ): Promise<CrispHandlerOutcome[]> {
    const results: unknown[] = await this.emitter.emitAsync(crispEventChannel(event.event), event, context);
    const outcomes = results.filter((result): result is CrispHandlerOutcome => result instanceof CrispHandlerOutcome);
    for (const { handler, ok, error } of outcomes) {
      if (!ok)
        this.logger.error(HANDLER_FAILED(handler, event.id, event.event), (error as Error)?.stack ?? String(error));
    }
    if (this.metrics && outcomes.every((outcome) => outcome.ok)) this.metrics.completed(event.timestamp);
    return outcomes;
  }
}
