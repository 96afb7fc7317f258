import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { CrispEventDispatcher } from './crisp-event.dispatcher';
import { CRISP_WEBHOOKS_CONFIG, CRISP_WEBHOOKS_METRICS } from '../crisp-webhooks.constants';
import { EVENT_DEAD_WITHOUT_OUTCOME, RUN_ENDED_WITHOUT_OUTCOME } from '../crisp-webhooks.messages';
import type { CrispStoredEvent } from '../persistence/crisp-stored-event';
import { toCrispEvent } from './to-crisp-event';
import type { CrispWebhooksConfig } from '../interfaces';
import { type CrispLeasedEvent, type CrispRunRecord, CrispWebhookQueue } from '../persistence/crisp-webhook-queue';
import type { CrispWebhooksMetrics } from '../observability/crisp-webhooks.metrics';
import { crashedRunRecordOf, type CrispRunResult, handlerRunOutcomeOf, runRecordOf } from './crisp-run-outcome';
import { CrispRunRecorder } from './crisp-run-recorder';

/** An event this instance leased and will run the handlers of. */
interface CrispWorkItem {
  readonly stored: CrispStoredEvent;
  /** The validated DTO instance when the event comes straight from the request. */
  readonly payload?: object;
  /** Handlers that succeeded on the event or gave up on it for good: not run again. */
  readonly completed: readonly string[];
  /** Whether one of them gave up for good. */
  readonly gaveUp: boolean;
  readonly attempts: number;
  /** Size of its payload's JSON: what it weighs against `maxBufferedBytes` while held here. */
  readonly bytes: number;
}

/**
 * Runs the handlers of stored events: those this instance just stored (handed over directly, no
 * polling delay), and those the queue in the database says are due: retries past their backoff,
 * events of a crashed instance whose lease expired, events waiting for their turn in per-session
 * order. Leases are renewed while events run and until their outcome is recorded (`CrispRunRecorder`);
 * what becomes of an event after a run is `runRecordOf`'s decision.
 *
 * An event whose last run ended without an outcome (its process died: maybe because of it, a poison
 * event) is charged that run when leased again, and run alone among such events: a process that dies
 * takes down every event it held, so running them together again would charge them all at each death
 * of the poison one, until they all ended `dead` with it. One at a time, only the poison event dies
 * again (then `dead` after `retry.attempts` runs: `crashedRunRecordOf`), and each of the others is
 * charged the one run it shared with it. The events nobody is suspected of meanwhile run as usual.
 */
@Injectable()
export class CrispWebhooksWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly waiting: CrispWorkItem[] = [];
  private readonly running = new Map<string, Promise<CrispRunRecord>>();
  /** Every event this instance holds a lease on: queued, running, or run but not yet recorded. */
  private readonly leased = new Set<string>();
  private readonly recorder = new CrispRunRecorder({
    write: (runs) => this.queue.record(runs),
    recorded: (runs) => this.recorded(runs),
  });
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** Aborted when shutdown stops waiting for the handlers still running: their signals fire. */
  private readonly abandon = new AbortController();
  private renewedAt = 0;
  private readonly logger = new Logger('CrispWebhooks');
  /** The event whose last run ended without an outcome this instance holds: one at a time. */
  private suspect: string | undefined;
  /**
   * When the queue was last asked for such an event and had none. Finding none reads every due row, so
   * it is asked once per lease (leases expire no faster), at start-up, and right after each one found.
   */
  private crashedLookedForAt = -Infinity;
  /**
   * Counts the events this instance stored without taking them (it was full): they wait in the
   * database, so the room made by each recording goes to them. Back to 0 once a claim finds no more.
   */
  private spilled = 0;
  /** Bytes of the events waiting and running here, against `delivery.maxBufferedBytes`. */
  private buffered = 0;

  constructor(
    private readonly queue: CrispWebhookQueue,
    private readonly dispatcher: CrispEventDispatcher,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
    @Optional() @Inject(CRISP_WEBHOOKS_METRICS) private readonly metrics: CrispWebhooksMetrics | null = null,
  ) {}

  /** Starts with a poll, which picks up what a previous run of the app left unfinished. */
  onApplicationBootstrap(): void {
    this.poke();
  }

  /**
   * Whether an event stored now should be leased to this instance and run straight away. Not in
   * per-session order (the queue decides), nor when enough events already wait here: the rest stays
   * in the database for whichever instance has room, so a burst never piles up in memory.
   */
  takesNow(): boolean {
    return !this.stopping && !this.config.delivery.orderBySession && !this.full();
  }

  /**
   * Takes an event just stored: runs it when it was leased here, else lets the queue hand it out (now
   * in per-session order; when room is made otherwise).
   */
  accept(stored: CrispStoredEvent, payload: object, bytes: number, leased: boolean): void {
    if (leased) this.enqueue(stored, payload, bytes);
    else {
      this.spilled++;
      // Room may have been made while it was being stored; the queue decides the order anyway.
      if (this.config.delivery.orderBySession || !this.full()) this.poke();
    }
  }

  /** Queues an event this instance just stored and leased. */
  private enqueue(stored: CrispStoredEvent, payload: object, bytes: number): void {
    if (this.handBackWhenStopping(stored.id)) return;
    this.leased.add(stored.id);
    this.hold({ stored, payload, completed: [], gaveUp: false, attempts: 0, bytes });
    this.pump();
  }

  /** Runs an event this instance just stored and leased, and says how its handlers fared. */
  async runNow(stored: CrispStoredEvent, payload: object, bytes: number): Promise<CrispRunRecord | undefined> {
    if (this.handBackWhenStopping(stored.id)) return undefined;
    this.leased.add(stored.id);
    this.buffered += bytes;
    return this.start({ stored, payload, completed: [], gaveUp: false, attempts: 0, bytes });
  }

  /** Polls the queue now (or right after the poll under way): an event may have become due. */
  poke(): void {
    if (this.stopping) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.polling = this.poll().finally(() => {
      this.polling = undefined;
      if (this.pollAgain) {
        this.pollAgain = false;
        this.poke();
      } else if (!this.stopping) {
        this.timer = setTimeout(() => this.poke(), this.config.delivery.pollIntervalMs);
      }
    });
  }

  /**
   * Stops taking events, and waits up to `shutdownTimeoutMs` for the running handlers, whose outcomes
   * are recorded. The events not started and those still running past the bound (their signals
   * aborted) go back to the queue at once, for another instance or the next start.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.recorder.stop();
    clearTimeout(this.timer);
    await this.polling;
    const notStarted = this.waiting.splice(0).map((item) => {
      this.buffered -= item.bytes;
      return item.stored.id;
    });
    let bound: NodeJS.Timeout | undefined;
    const expired = new Promise<void>(
      (resolve) => (bound = setTimeout(resolve, this.config.delivery.shutdownTimeoutMs)),
    );
    const allFinished = (async () => {
      while (this.running.size > 0) await Promise.all(this.running.values());
    })();
    await Promise.race([allFinished, expired]);
    clearTimeout(bound);
    const unfinished = [...this.running.keys()];
    if (unfinished.length > 0) this.abandon.abort(new Error('The app is shutting down.'));
    await this.recorder.drain();
    await this.recorder.retry();
    await this.queue.releaseLeases([...notStarted, ...unfinished]).catch(() => undefined);
  }

  /** Hooks still answered while the app shuts down are stored; their lease goes back at once for another instance. */
  private handBackWhenStopping(id: string): boolean {
    if (this.stopping) void this.queue.releaseLeases([id]).catch(() => undefined);
    return this.stopping;
  }

  private async poll(): Promise<void> {
    try {
      // Polls also come right after recordings; leases only need renewing once per interval.
      if (Date.now() - this.renewedAt >= this.config.delivery.pollIntervalMs) {
        await this.queue.renewLeases([...this.leased]);
        this.renewedAt = Date.now();
      }
      const room = this.full() ? 0 : this.capacity() - this.waiting.length - this.running.size;
      if (room > 0) {
        const spilled = this.spilled;
        const lookForCrashed =
          this.suspect === undefined &&
          Date.now() - this.crashedLookedForAt >= this.config.delivery.leaseSeconds * 1000;
        // The events held here are excluded: their leases may have lapsed while the loop was busy, not ended.
        const rows = await this.queue.claim(
          room,
          this.config.delivery.maxBufferedBytes - this.buffered,
          lookForCrashed ? [...this.leased] : undefined,
        );
        if (lookForCrashed) this.crashedLookedForAt = rows.some((row) => row.crashed) ? -Infinity : Date.now();
        // Only what was spilled before the claim's snapshot is known to be in it.
        if (rows.length < room && this.spilled === spilled) this.spilled = 0;
        for (const row of rows) {
          if (this.leased.has(row.id)) continue;
          this.leased.add(row.id);
          const { handlersDone, handlersDead, attempts, crashed, bytes, ...stored } = row;
          if (crashed && !this.runsAgain(row)) continue;
          const completed = [...handlersDone, ...handlersDead];
          this.hold({ stored, completed, gaveUp: handlersDead.length > 0, attempts, bytes });
        }
        this.pump();
      }
      if (!(await this.recorder.retry())) return;
      this.recorder.reachable();
    } catch (error) {
      this.recorder.failed(error);
    }
  }

  /**
   * Takes an event whose last run ended without an outcome as the one this instance holds, and says
   * whether it runs again: not once that run was its last allowed, then it is recorded `dead`.
   */
  private runsAgain({ id, event, attempts }: CrispLeasedEvent): boolean {
    this.suspect = id;
    const { retry } = this.config.delivery;
    const dead = crashedRunRecordOf(id, attempts, retry);
    if (!dead) {
      this.logger.warn(RUN_ENDED_WITHOUT_OUTCOME(id, event, attempts + 1, retry.attempts));
      return true;
    }
    this.logger.error(EVENT_DEAD_WITHOUT_OUTCOME(id, event, attempts, retry.attempts));
    this.metrics?.diedWithoutOutcome();
    this.recorder.add(dead);
    return false;
  }

  /** Events this instance keeps in hand: running, and as many again waiting to run. */
  private capacity(): number {
    return this.config.delivery.concurrency * 2;
  }

  /** Whether this instance holds as many events as it keeps in hand, or as many bytes of them as it may. */
  private full(): boolean {
    return (
      this.waiting.length + this.running.size >= this.capacity() ||
      this.buffered >= this.config.delivery.maxBufferedBytes
    );
  }

  private hold(item: CrispWorkItem): void {
    this.buffered += item.bytes;
    this.waiting.push(item);
  }

  private pump(): void {
    while (!this.stopping && this.running.size < this.config.delivery.concurrency && this.waiting.length > 0) {
      void this.start(this.waiting.shift()!).then(() => this.pump());
    }
  }

  /** Runs an item, tracked as running (shutdown waits for it) until its outcome is queued for recording. */
  private start(item: CrispWorkItem): Promise<CrispRunRecord> {
    const id = item.stored.id;
    const ran = this.run(item).then((record) => {
      this.running.delete(id);
      this.buffered -= item.bytes;
      this.recorder.add(record);
      return record;
    });
    this.running.set(id, ran);
    return ran;
  }

  /** Runs the handlers that have not succeeded yet, and decides what becomes of the event. */
  private async run({ stored, payload, completed, gaveUp, attempts }: CrispWorkItem): Promise<CrispRunRecord> {
    const attempt = attempts + 1;
    let result: CrispRunResult;
    try {
      const event = toCrispEvent(stored, payload);
      result = {
        outcomes: await this.dispatcher.dispatch(event, {
          completed: new Set(completed),
          attempt,
          handlerTimeoutMs: this.config.delivery.handlerTimeoutMs,
          stopping: this.abandon.signal,
        }),
      };
    } catch (emitError) {
      result = { emitError };
    }
    const record = runRecordOf(stored.id, result, attempt, this.config.delivery.retry, { gaveUpBefore: gaveUp });
    // Counted once the run's fate is known, so that a handler's last failure counts as `dead`, not `failed`.
    if (this.metrics && 'outcomes' in result) {
      for (const outcome of result.outcomes) {
        this.metrics.handlerRan(outcome.handler, handlerRunOutcomeOf(outcome, record), outcome.durationMs);
      }
    }
    return record;
  }

  /**
   * Lets go of recorded events. Room was made for the events waiting in the database: a burst that went
   * past the capacity, in per-session order the next event of a conversation this one was holding, or
   * the next event a dead process left.
   * Otherwise the periodic poll is enough (retries, other instances' leftovers), and a claim per
   * recording would be waste.
   */
  private recorded(runs: readonly CrispRunRecord[]): void {
    let suspectDone = false;
    for (const { id } of runs) {
      this.leased.delete(id);
      if (id === this.suspect) suspectDone = true;
    }
    // The next event of a dead process waits for this one: it is taken at once.
    if (suspectDone) this.suspect = undefined;
    const waiting = suspectDone || this.spilled > 0 || this.config.delivery.orderBySession;
    if (runs.length > 0 && waiting && !this.full()) this.poke();
  }
}
