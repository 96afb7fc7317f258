import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { resolveCrispDeliveryConfig } from '../config/crisp-delivery.config';
import { CRISP_WEBHOOKS_TESTING_CONFIG } from '../crisp-webhooks.constants';
import { CrispEventDispatcher } from '../delivery/crisp-event.dispatcher';
import { toCrispEvent } from '../delivery/to-crisp-event';
import { INVALID_EMITTED_EVENT, TESTING_MODULE_CLOSED } from '../crisp-webhooks.messages';
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

/** @internal The checked options of `CrispWebhooksTestingModule.forRoot()`. */
export interface CrispWebhooksTestingConfig {
  readonly handlerTimeoutMs: number;
}

/**
 * Emits Crisp events to the `@OnCrispEvent` handlers of the testing module that imports
 * `CrispWebhooksTestingModule`, as the worker does once a hook is stored.
 *
 * @publicApi
 */
@Injectable()
export class CrispWebhooksTesting implements OnModuleDestroy {
  private emitted = 0;
  private readonly config: CrispWebhooksTestingConfig;
  // Fires when the testing module closes: a handler still running stops as it would at the app's shutdown.
  private readonly stopping = new AbortController();

  constructor(
    private readonly dispatcher: CrispEventDispatcher,
    @Optional() @Inject(CRISP_WEBHOOKS_TESTING_CONFIG) config?: CrispWebhooksTestingConfig,
  ) {
    this.config = config ?? { handlerTimeoutMs: resolveCrispDeliveryConfig().handlerTimeoutMs };
  }

  /** Aborts the `signal` of every handler still running: the testing module is closing. */
  onModuleDestroy(): void {
    this.stopping.abort(new Error(TESTING_MODULE_CLOSED()));
  }

  /**
   * Runs every handler subscribed to the event, as the worker would: the event's `data` validated into its DTO
   * first (data that fails it would be quarantined, never handled, so it is thrown here), then each handler
   * isolated, one that throws failing alone, one that runs past its timeout (its `@OnCrispEvent` `timeoutMs`, or
   * the module's `delivery.handlerTimeoutMs`) failing with the timeout's error, its `signal` aborted. Resolves once all have settled, with each one's result, in the
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
    const outcomes = await this.dispatcher.dispatch(toCrispEvent(stored, payload), {
      completed: new Set(),
      attempt: 1,
      handlerTimeoutMs: this.config.handlerTimeoutMs,
      stopping: this.stopping.signal,
    });
    return outcomes.map(({ handler, ok, error }) => (ok ? { handler, ok } : { handler, ok, error }));
  }
}
