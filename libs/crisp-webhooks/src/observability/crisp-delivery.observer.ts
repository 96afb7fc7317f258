import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CRISP_WEBHOOKS_CONFIG, CRISP_WEBHOOKS_METRICS } from '../crisp-webhooks.constants';
import { DELIVERY_LINE, REFUSED_LINE } from '../crisp-webhooks.messages';
import type { CrispDeliveryLogLevel, CrispWebhooksConfig } from '../interfaces';
import { crispDeliveryNoteOf, crispDeliveryOutcome } from './crisp-delivery-outcome';
import type { CrispWebhooksMetrics } from './crisp-webhooks.metrics';

const isAnnouncedRetry = (header: string | string[] | undefined) =>
  typeof header === 'string' && /^\d{1,9}$/.test(header) && Number(header) > 1;

/**
 * Sees every delivery's answer, whichever stage gave it (guard, pipes, controller, a host's exception
 * filter): it counts it and logs its one line when the response is sent. With metrics off and the
 * delivery log's level turned down, it does nothing at all per request. @internal
 */
@Injectable()
export class CrispDeliveryObserver {
  private readonly logger = new Logger('CrispWebhooks');
  private readonly level: CrispDeliveryLogLevel;

  constructor(
    @Inject(CRISP_WEBHOOKS_CONFIG) config: CrispWebhooksConfig,
    @Inject(CRISP_WEBHOOKS_METRICS) private readonly metrics: CrispWebhooksMetrics | null,
  ) {
    this.level = config.observability.deliveryLog;
  }

  /** Called as a delivery arrives, before anything reads it. */
  observe(request: IncomingMessage, response: ServerResponse): void {
    // Asked per request: a host may change its logger's levels while running.
    const level = this.level !== false && Logger.isLevelEnabled(this.level) ? this.level : false;
    if (!level && !this.metrics) return;
    const started = performance.now();
    response.once('finish', () => {
      const ms = performance.now() - started;
      const note = crispDeliveryNoteOf(response);
      const outcome = crispDeliveryOutcome(response.statusCode, note);
      this.metrics?.delivered(
        outcome,
        note?.event,
        ms,
        note !== undefined && isAnnouncedRetry(request.headers['x-delivery-attempt-count']),
      );
      if (!level) return;
      const took = ms.toFixed(1);
      this.logger[level](
        note
          ? DELIVERY_LINE(note.event, note.websiteId, note.id ?? '-', outcome, response.statusCode, took)
          : REFUSED_LINE(outcome, response.statusCode, took),
      );
    });
  }
}
