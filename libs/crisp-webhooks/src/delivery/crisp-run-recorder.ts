import { Logger, type LoggerService } from '@nestjs/common';
import { DATABASE_REACHABLE, DATABASE_UNAVAILABLE } from '../crisp-webhooks.messages';
import { describeError } from '../errors/describe-error';
import type { CrispRunRecord } from '../persistence/crisp-webhook-queue';
import { GroupCommit } from '../persistence/group-commit';

/** Where a `CrispRunRecorder` writes, and who hears of it. @internal */
export interface CrispRunRecorderOptions {
  /** Writes a batch of records in one statement (the queue's `record`). */
  readonly write: (runs: readonly CrispRunRecord[]) => Promise<void>;
  /** Told of every batch once it is written: those events are done with, and their leases gone. */
  readonly recorded: (runs: readonly CrispRunRecord[]) => void;
  readonly logger?: Pick<LoggerService, 'warn' | 'log'>;
}

/**
 * Records how runs ended, in batches: the runs that finish while a batch is being written share the
 * next one (a `GroupCommit` of one writer). A batch the database refuses is kept, its events still
 * leased, and written again when the worker's poll calls `retry`, so that an unreachable database
 * is tried once per poll interval, not once per finished run. Logs once when the database goes away
 * and once when it is back, whichever of the worker's queries saw it.
 *
 * `GroupCommit` fits as the batcher; its failure policy (reject every item of a failed batch) does not
 * suit on its own, since a record must never be dropped: the rejected records are kept here instead.
 * @internal
 */
export class CrispRunRecorder {
  private readonly batches: GroupCommit<CrispRunRecord>;
  private readonly logger: Pick<LoggerService, 'warn' | 'log'>;
  private readonly writing = new Set<Promise<boolean>>();
  private kept: CrispRunRecord[] = [];
  private down = false;
  private stopped = false;

  constructor(private readonly options: CrispRunRecorderOptions) {
    this.logger = options.logger ?? new Logger('CrispWebhooks');
    this.batches = new GroupCommit<CrispRunRecord>({
      write: async (runs) => {
        await options.write(runs);
        options.recorded(runs);
      },
    });
  }

  /** Records a run with the next batch; kept for `retry` while the database is known to be down. */
  add(run: CrispRunRecord): void {
    if (this.down) this.kept.push(run);
    else void this.send(run);
  }

  /** Writes again the runs kept after a failure; resolves whether every one of them is now recorded. */
  async retry(): Promise<boolean> {
    const runs = this.kept.splice(0);
    return (await Promise.all(runs.map((run) => this.send(run)))).every(Boolean);
  }

  /** Resolves once every run added so far is recorded, or kept after a failure. */
  async drain(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing);
  }

  /** The database failed one of the worker's queries: logged once, until it is reachable again. */
  failed(error: unknown): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.logger.warn(DATABASE_UNAVAILABLE(describeError(error)));
  }

  /** The database answered every query of a poll. */
  reachable(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log(DATABASE_REACHABLE());
  }

  /** Shutting down: the pool closing is expected, and not worth a warning any more. */
  stop(): void {
    this.stopped = true;
  }

  private send(run: CrispRunRecord): Promise<boolean> {
    const sent: Promise<boolean> = this.batches.add(run).then(
      () => true,
      (error: unknown) => {
        this.kept.push(run);
        this.failed(error);
        return false;
      },
    );
    this.writing.add(sent);
    void sent.finally(() => this.writing.delete(sent));
    return sent;
  }
}
