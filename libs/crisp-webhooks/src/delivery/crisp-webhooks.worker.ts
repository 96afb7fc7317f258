import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CrispEventDispatcher } from './crisp-event.dispatcher';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import { DATABASE_UNAVAILABLE } from '../crisp-webhooks.messages';
import type { CrispStoredEvent } from '../persistence/crisp-stored-event';
import { toCrispEvent } from './to-crisp-event';
import type { CrispWebhooksConfig } from '../interfaces';
import { type CrispRunRecord, CrispWebhookQueue } from '../persistence/crisp-webhook-queue';
import { retryDelayMs } from './crisp-retry-delay';

/** An event this instance leased and will run the handlers of. */
interface CrispWorkItem {
  readonly stored: CrispStoredEvent;
  /** The validated DTO instance when the event comes straight from the request. */
  readonly payload?: object;
  readonly handlersDone: readonly string[];
  readonly attempts: number;
}

/**
 * Runs the handlers of stored events: those this instance just stored (handed over directly, no
 * polling delay), and those the queue in the database says are due: retries past their backoff,
 * events of a crashed instance whose lease expired, events waiting for their turn in per-session
 * order. Leases are renewed while events run; outcomes are recorded in batches.
 */
@Injectable()
export class CrispWebhooksWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CrispWebhooks');
  private readonly waiting: CrispWorkItem[] = [];
  private readonly running = new Map<string, Promise<CrispRunRecord>>();
  /** Every event this instance holds a lease on: queued, running, or run but not yet recorded. */
  private readonly leased = new Set<string>();
  private unrecorded: CrispRunRecord[] = [];
  private recording: Promise<void> | undefined;
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private renewedAt = 0;
  private databaseDown = false;
  /**
   * Counts the events this instance stored without taking them (it was full): they wait in the
   * database, so the room made by each recording goes to them. Back to 0 once a claim finds no more.
   */
  private spilled = 0;

  constructor(
    private readonly queue: CrispWebhookQueue,
    private readonly dispatcher: CrispEventDispatcher,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
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
  accept(stored: CrispStoredEvent, payload: object, leased: boolean): void {
    if (leased) this.enqueue(stored, payload);
    else {
      this.spilled++;
      // Room may have been made while it was being stored; the queue decides the order anyway.
      if (this.config.delivery.orderBySession || !this.full()) this.poke();
    }
  }

  /** Queues an event this instance just stored and leased. */
  private enqueue(stored: CrispStoredEvent, payload: object): void {
    if (this.handBackWhenStopping(stored.id)) return;
    this.leased.add(stored.id);
    this.waiting.push({ stored, payload, handlersDone: [], attempts: 0 });
    this.pump();
  }

  /** Runs an event this instance just stored and leased, and says how its handlers fared. */
  async runNow(stored: CrispStoredEvent, payload: object): Promise<CrispRunRecord | undefined> {
    if (this.handBackWhenStopping(stored.id)) return undefined;
    this.leased.add(stored.id);
    return this.start({ stored, payload, handlersDone: [], attempts: 0 });
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

  /** Lets running handlers finish and records them; queued events go back to the queue for another instance. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.polling;
    while (this.running.size > 0) await Promise.all(this.running.values());
    const notStarted = this.waiting.splice(0).map((item) => item.stored.id);
    await this.flushRecords();
    await this.queue.releaseLeases(notStarted).catch(() => undefined);
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
      const room = this.capacity() - this.waiting.length - this.running.size;
      if (room > 0) {
        const spilled = this.spilled;
        const rows = await this.queue.claim(room);
        // Only what was spilled before the claim's snapshot is known to be in it.
        if (rows.length < room && this.spilled === spilled) this.spilled = 0;
        for (const row of rows) {
          if (this.leased.has(row.id)) continue;
          this.leased.add(row.id);
          const { handlersDone, attempts, ...stored } = row;
          this.waiting.push({ stored, handlersDone, attempts });
        }
        this.pump();
      }
      if (this.unrecorded.length > 0 && !(await this.flushRecords())) return;
      this.databaseUp();
    } catch (error) {
      this.databaseFailed(error);
    }
  }

  /** Events this instance keeps in hand: running, and as many again waiting to run. */
  private capacity(): number {
    return this.config.delivery.concurrency * 2;
  }

  private full(): boolean {
    return this.waiting.length + this.running.size >= this.capacity();
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
      this.toRecord(record);
      return record;
    });
    this.running.set(id, ran);
    return ran;
  }

  /** Runs the handlers that have not succeeded yet, and decides what becomes of the event. */
  private async run({ stored, payload, handlersDone, attempts }: CrispWorkItem): Promise<CrispRunRecord> {
    const attempt = attempts + 1;
    let done: string[] = [];
    let errors: { handler: string; message: string }[];
    try {
      const outcomes = await this.dispatcher.dispatch(toCrispEvent(stored, payload), new Set(handlersDone));
      done = outcomes.filter((outcome) => outcome.ok).map((outcome) => outcome.handler);
      errors = outcomes
        .filter((outcome) => !outcome.ok)
        .map(({ handler, error }) => ({ handler, message: String((error as Error)?.message ?? error) }));
    } catch (error) {
      // A host's own `@OnEvent('crisp.…', { suppressErrors: false })` listener threw: retry the event.
      errors = [{ handler: 'EventEmitter2', message: String((error as Error)?.message ?? error) }];
    }
    const { retry } = this.config.delivery;
    if (errors.length === 0) return { id: stored.id, status: 'processed', done, errors: null, retryInMs: 0 };
    if (attempt >= retry.attempts) return { id: stored.id, status: 'dead', done, errors, retryInMs: 0 };
    return { id: stored.id, status: 'failed', done, errors, retryInMs: retryDelayMs(attempt, retry) };
  }

  private toRecord(record: CrispRunRecord): void {
    this.unrecorded.push(record);
    this.scheduleRecording();
  }

  /**
   * One batch in flight at a time; what finishes meanwhile goes in the next batch, right after. After a
   * failure the next try is left to the poll, so an unreachable database is not hammered.
   */
  private scheduleRecording(): void {
    if (this.recording || this.unrecorded.length === 0) return;
    this.recording = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.flushRecords())
      .then((recorded) => {
        this.recording = undefined;
        if (recorded) this.scheduleRecording();
      });
  }

  /** Records every finished run in one statement; on failure they are kept for the next try. */
  private async flushRecords(): Promise<boolean> {
    const batch = this.unrecorded;
    this.unrecorded = [];
    try {
      await this.queue.record(batch);
      for (const { id } of batch) this.leased.delete(id);
      // Room was made for the events waiting in the database: a burst that went past the capacity, or in
      // per-session order the next event of a conversation this one was holding. Otherwise the periodic
      // poll is enough (retries, other instances' leftovers), and a claim per recording would be waste.
      if (batch.length > 0 && (this.spilled > 0 || this.config.delivery.orderBySession) && !this.full()) this.poke();
      return true;
    } catch (error) {
      this.unrecorded.unshift(...batch);
      this.databaseFailed(error);
      return false;
    }
  }

  private databaseFailed(error: unknown): void {
    if (this.databaseDown || this.stopping) return;
    this.databaseDown = true;
    this.logger.warn(DATABASE_UNAVAILABLE(String((error as Error)?.message ?? error)));
  }

  private databaseUp(): void {
    if (!this.databaseDown) return;
    this.databaseDown = false;
    this.logger.log('Database reachable again: Crisp event handlers resumed.');
  }
}
