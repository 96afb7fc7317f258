import { GroupCommit } from './group-commit';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A writer that answers each batch only when the test says so, and doubles every item. */
function heldWriter() {
  const batches: number[][] = [];
  const answers: ((error?: Error) => void)[] = [];
  const write = (items: readonly number[]) =>
    new Promise<number[]>((resolve, reject) => {
      batches.push([...items]);
      answers.push((error) => (error ? reject(error) : resolve(items.map((item) => item * 2))));
    });
  return { write, batches, answers };
}

describe('GroupCommit', () => {
  it('writes a lone item at once, and what arrives meanwhile in one batch once the write is done', async () => {
    const { write, batches, answers } = heldWriter();
    const commit = new GroupCommit<number, number>({ write });
    const first = commit.add(1);
    await nextTurn();
    expect(batches).toEqual([[1]]);
    const others = [commit.add(2), commit.add(3), commit.add(4)];
    await nextTurn();
    expect(batches).toHaveLength(1);
    answers.shift()!();
    await expect(first).resolves.toBe(2);
    await nextTurn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    answers.shift()!();
    await expect(Promise.all(others)).resolves.toEqual([4, 6, 8]);
  });

  it('writes up to `concurrency` batches at once, each at most `maxBatch` items', async () => {
    const { write, batches, answers } = heldWriter();
    const commit = new GroupCommit<number, number>({ write, concurrency: 2, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5].map((item) => commit.add(item));
    await nextTurn();
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
    answers.shift()!();
    await nextTurn();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    answers.splice(0).forEach((answer) => answer());
    await expect(Promise.all(all)).resolves.toEqual([2, 4, 6, 8, 10]);
  });

  it('rejects every item of a failed batch with its error, and goes on with the next batch', async () => {
    const { write, answers } = heldWriter();
    const commit = new GroupCommit<number, number>({ write });
    const failed = [commit.add(1), commit.add(2)];
    await nextTurn();
    const next = commit.add(3);
    answers.shift()!(new Error('connection lost'));
    for (const item of failed) await expect(item).rejects.toThrow('connection lost');
    await nextTurn();
    answers.shift()!();
    await expect(next).resolves.toBe(6);
  });

  it('writes a batch again item by item when an item made it fail, so that only that item fails', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number>({
      write: async (items) => {
        batches.push([...items]);
        if (items.includes(13)) throw new Error('value out of range');
      },
      isItemError: (error) => (error as Error).message === 'value out of range',
    });
    const results = await Promise.allSettled([12, 13, 14].map((item) => commit.add(item)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(batches).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it('fails the whole batch at once when the error is not an item error (the database is down)', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number>({
      write: async (items) => {
        batches.push([...items]);
        throw new Error('connection refused');
      },
      isItemError: (error) => (error as Error).message === 'value out of range',
    });
    const results = await Promise.allSettled([1, 2, 3].map((item) => commit.add(item)));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('fails a batch whose write gives a result count other than its item count, instead of resolving items with nothing', async () => {
    const commit = new GroupCommit<number, number>({ write: async () => [1] });
    const results = await Promise.allSettled([commit.add(1), commit.add(2)]);
    const reason = new Error(
      "GroupCommit's write resolved 1 results for 2 items: it must give one per item, in order, or none.",
    );
    expect(results).toEqual([
      { status: 'rejected', reason },
      { status: 'rejected', reason },
    ]);
  });

  it('settles every item when isItemError itself throws: the batch fails with its own error', async () => {
    const commit = new GroupCommit<number>({
      write: async () => {
        throw new Error('deadlock detected');
      },
      isItemError: () => {
        throw new TypeError('cannot read code of undefined');
      },
    });
    const results = await Promise.allSettled([commit.add(1), commit.add(2)]);
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('deadlock detected') },
      { status: 'rejected', reason: new Error('deadlock detected') },
    ]);
    await commit.drain();
  });

  it.each([
    ['concurrency', { concurrency: 0 }],
    ['maxBatch', { maxBatch: 1.5 }],
  ])('refuses a %s that is not a whole number of at least 1', (name, option) => {
    expect(() => new GroupCommit<number>({ write: async () => undefined, ...option })).toThrow(
      new RangeError(`GroupCommit's ${name} must be a whole number of at least 1, not ${Object.values(option)[0]}.`),
    );
  });

  it('drains: resolves once every item added so far is written', async () => {
    const written: number[] = [];
    const commit = new GroupCommit<number>({
      write: async (items) => {
        await nextTurn();
        written.push(...items);
      },
    });
    for (const item of [1, 2, 3]) void commit.add(item);
    await nextTurn();
    void commit.add(4);
    await commit.drain();
    expect(written).toEqual([1, 2, 3, 4]);
  });
});
