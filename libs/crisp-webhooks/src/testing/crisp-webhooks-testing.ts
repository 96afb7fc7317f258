import { Injectable } from '@nestjs/common';
import { CrispEventDispatcher } from '../delivery/crisp-event.dispatcher';
import { toCrispEvent } from '../delivery/to-crisp-event';
import { INVALID_EMITTED_EVENT } from '../crisp-webhooks.messages';
import { isCrispEventName } from '../events/crisp-event-pattern.util';
import { validateCrispEventData } from '../validation/validate-crisp-event';
import type { CrispEventEnvelope } from './crisp-event.factory';

/** How one `@OnCrispEvent` handler fared with an emitted event. @publicApi */
export interface CrispHandlerResult {
  /** `Class.method` of the handler, as the event's row records it in production. */
  readonly handler: string;
  /** `true` when the handler returned (or its promise resolved), `false` when it threw or rejected. */
  readonly ok: boolean;
  /** What the handler threw, when `ok` is `false`. */
  readonly error?: unknown;
}

/** What {@link CrispWebhooksTesting.emit} may set besides the hook body. @publicApi */
export interface CrispEmitOptions {
  /** The stored event's id the handlers see as `event.id`; by default `'1'`, `'2'`, … in emit order. */
  readonly id?: string;
}

/**
 * Emits Crisp events to the `@OnCrispEvent` handlers of the testing module that imports
 * `CrispWebhooksTestingModule`, as the worker does once a hook is stored.
 *
 * @publicApi
 */
@Injectable()
export class CrispWebhooksTesting {
  private emitted = 0;

  constructor(private readonly dispatcher: CrispEventDispatcher) {}

  /**
   * Runs every handler subscribed to the event, as the worker would: the event's `data` validated into its DTO
   * first (data that fails it would be quarantined, never handled, so it is thrown here), then each handler
   * isolated, one that throws failing alone. Resolves once all have settled, with each one's result, in the
   * order they were bound; handlers of other events do not appear. An event outside the catalogue reaches the `'*'`
   * handlers only, as an unknown event.
   */
  async emit(
    hook: CrispEventEnvelope | { website_id: string; event: string; data: Record<string, unknown>; timestamp: number },
    options: CrispEmitOptions = {},
  ): Promise<CrispHandlerResult[]> {
    let payload: object | undefined;
    if (isCrispEventName(hook.event)) {
      const { payload: validated, errors } = validateCrispEventData(hook.event, hook.data);
      if (errors.length > 0) throw new Error(INVALID_EMITTED_EVENT(hook.event, errors));
      payload = validated;
    }
    const stored = {
      id: options.id ?? String(++this.emitted),
      websiteId: hook.website_id,
      event: hook.event,
      data: hook.data,
      timestamp: hook.timestamp,
    };
    const outcomes = await this.dispatcher.dispatch(toCrispEvent(stored, payload));
    return outcomes.map(({ handler, ok, error }) => (ok ? { handler, ok } : { handler, ok, error }));
  }
}
