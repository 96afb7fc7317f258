/** How a `GroupCommit` writes its batches. @publicApi */
export interface GroupCommitOptions<T, R> {
  /**
   * Writes one batch, typically as one multi-row statement in one transaction, and resolves with one
   * result per item, in the items' order (nothing when the results are `void`). When it rejects,
   * every item of the batch is rejected with its error.
   */
  readonly write: (items: readonly T[]) => Promise<readonly R[] | void>;
  /** Batches written at the same time, each on its own connection. @default 1 */
  readonly concurrency?: number;
  /** Most items in one batch. @default 1000 */
  readonly maxBatch?: number;
  /**
   * Says whether a batch failed because of one of its items (a constraint violation, a value out of
   * range) rather than because of the database (unreachable, timed out). Such a batch is written
   * again one item at a time, so that only the faulty items fail. By default no error is.
   */
  readonly isItemError?: (error: unknown) => boolean;
}

const atLeastOne = (name: string, value: number): number => {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`GroupCommit's ${name} must be a whole number of at least 1, not ${value}.`);
  }
  return value;
};

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: the items added while a batch is being written share the next one, so a database
 * sees one round trip and one commit per batch instead of one per item. Each `add` settles once its
 * batch is written. Under light load a batch holds one item and is written at once (no timer, no
 * added latency); under load batches grow by themselves.
 *
 * Handlers use it to turn one `INSERT` per event into one per batch:
 *
 * ```ts
 * private readonly rows = new GroupCommit<MessageRow>({ write: (rows) => insertMany(rows) });
 *
 * @OnCrispEvent('message:send')
 * async record(event: CrispEvent<'message:send'>) { await this.rows.add(toRow(event)); }
 * ```
 *
 * @publicApi
 */
export class GroupCommit<T, R = void> {
  private waiting: Waiting<T, R>[] = [];
  private flushScheduled = false;
  private readonly writing = new Set<Promise<void>>();
  private readonly concurrency: number;
  private readonly maxBatch: number;

  constructor(private readonly options: GroupCommitOptions<T, R>) {
    this.concurrency = atLeastOne('concurrency', options.concurrency ?? 1);
    this.maxBatch = atLeastOne('maxBatch', options.maxBatch ?? 1000);
  }

  /** Queues an item for the next batch; settles with its result once that batch is written. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // The items added in the same turn of the event loop go in the same batch.
        setImmediate(this.flush);
      }
    });
  }

  /** Resolves once every item added so far is written (or failed). */
  async drain(): Promise<void> {
    while (this.writing.size > 0 || this.waiting.length > 0) {
      if (this.writing.size === 0) this.flush();
      await Promise.all(this.writing);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    while (this.waiting.length > 0 && this.writing.size < this.concurrency) {
      const batch = this.waiting.splice(0, this.maxBatch);
      const written: Promise<void> = this.write(batch).finally(() => {
        this.writing.delete(written);
        this.flush();
      });
      this.writing.add(written);
    }
  };

  /** Writes a batch and settles every item of it, whatever `write` or `isItemError` do. */
  private async write(batch: Waiting<T, R>[]): Promise<void> {
    let results: readonly R[] | void;
    try {
      results = await this.options.write(batch.map((waiting) => waiting.item));
      if (results && results.length !== batch.length) {
        throw new Error(
          `GroupCommit's write resolved ${results.length} results for ${batch.length} items: it must give one per item, in order, or none.`,
        );
      }
    } catch (error) {
      if (batch.length > 1 && this.isItemError(error)) {
        for (const waiting of batch) await this.write([waiting]);
      } else {
        for (const waiting of batch) waiting.reject(error);
      }
      return;
    }
    batch.forEach((waiting, i) => waiting.resolve(results?.[i] as R));
  }

  private isItemError(error: unknown): boolean {
    try {
      return this.options.isItemError?.(error) ?? false;
    } catch {
      // A predicate that throws says nothing about the items: the batch fails as a whole, with its own error.
      return false;
    }
  }
}
