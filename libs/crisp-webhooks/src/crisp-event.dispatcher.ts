import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { type CrispDispatchContext, CrispHandlerOutcome } from './crisp-handler-outcome';
import { HANDLER_FAILED } from './crisp-webhooks.messages';
import { crispEventChannel } from './events/crisp-event-pattern.util';
import type { CrispEvent, CrispUnknownEvent } from './events/crisp-event.types';
import { CrispWebhookInbox } from './persistence/crisp-webhook-inbox';

type Dispatchable = CrispEvent | CrispUnknownEvent;

/** Hands stored events to their handlers through EventEmitter2 and records how they fared. @internal */
@Injectable()
export class CrispEventDispatcher implements BeforeApplicationShutdown {
  private readonly logger = new Logger('CrispWebhooks');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly emitter: EventEmitter2,
    private readonly inbox: CrispWebhookInbox,
  ) {}

  /** Runs every handler of the event (but those in `completed`) and logs each failure with the event's id. */
  async dispatch(event: Dispatchable, completed: ReadonlySet<string> = new Set()): Promise<CrispHandlerOutcome[]> {
    const context: CrispDispatchContext = { completed };
    const results: unknown[] = await this.emitter.emitAsync(crispEventChannel(event.event), event, context);
    const outcomes = results.filter((result): result is CrispHandlerOutcome => result instanceof CrispHandlerOutcome);
    for (const { handler, ok, error } of outcomes) {
      if (!ok)
        this.logger.error(HANDLER_FAILED(handler, event.id, event.event), (error as Error)?.stack ?? String(error));
    }
    return outcomes;
  }

  /** Dispatches after the current answer has left, then records the event processed or failed. */
  dispatchInBackground(event: Dispatchable): void {
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.dispatchAndRecord(event))
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Lets the handlers already started finish and record their outcome before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  private async dispatchAndRecord(event: Dispatchable): Promise<void> {
    try {
      const failed = (await this.dispatch(event)).filter((outcome) => !outcome.ok);
      const errors = failed.map(({ handler, error }) => ({
        handler,
        message: String((error as Error)?.message ?? error),
      }));
      await this.inbox.markFinished(
        event.id,
        failed.length > 0 ? 'failed' : 'processed',
        failed.length > 0 ? errors : null,
      );
    } catch (error) {
      this.logger.error(`Could not dispatch Crisp event #${event.id} (${event.event})`, (error as Error)?.stack);
    }
  }
}
