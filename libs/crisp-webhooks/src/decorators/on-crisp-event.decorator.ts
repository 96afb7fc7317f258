import { CRISP_EVENT_HANDLER_METADATA } from '../crisp-webhooks.constants';
import { expandCrispEventPattern } from '../events/crisp-event-pattern.util';
import type { CrispEventPattern, CrispEventPayload } from '../events/crisp-event.types';
import type { CrispHandlerContext } from '../delivery/crisp-handler-run';

/** What `@OnCrispEvent` records on a method: the exact event names it subscribes to. @internal */
export interface CrispEventHandlerMetadata {
  readonly events: readonly string[];
  /** The handler's own timeout, when it sets one. */
  readonly timeoutMs?: number;
}

/** How one `@OnCrispEvent` handler runs. @publicApi */
export interface OnCrispEventOptions {
  /**
   * Longest run of this handler on one event, in ms, instead of `delivery.handlerTimeoutMs`: past it
   * the run is abandoned, its `signal` aborted, and it counts as a failure (retried with backoff).
   */
  readonly timeoutMs?: number;
}

/**
 * Subscribes a provider method to one Crisp event, a list, a family (`'message:*'`) or all (`'*'`).
 * The parameter type follows from the names: `@OnCrispEvent('message:send') on(e: CrispEvent<'message:send'>)`;
 * a handler declaring another event's type does not compile. The method is called as
 * `method(event, context)`, `context` being its run's `CrispHandlerContext` (event id, attempt,
 * abort signal). Handlers run after Crisp got its answer, each isolated: one that throws is logged
 * with the event's id and never affects the others.
 *
 * @publicApi
 */
export function OnCrispEvent<const P extends CrispEventPattern>(
  events: P | readonly P[],
  options: OnCrispEventOptions = {},
) {
  const names = [events].flat().flatMap((pattern) => expandCrispEventPattern(pattern));
  return <T extends (event: CrispEventPayload<P>, context: CrispHandlerContext) => unknown>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    const method = descriptor.value as object;
    const previous = Reflect.getMetadata(CRISP_EVENT_HANDLER_METADATA, method) as CrispEventHandlerMetadata | undefined;
    const metadata: CrispEventHandlerMetadata = {
      events: [...new Set([...(previous?.events ?? []), ...names])],
      timeoutMs: options.timeoutMs ?? previous?.timeoutMs,
    };
    Reflect.defineMetadata(CRISP_EVENT_HANDLER_METADATA, metadata, method);
  };
}
