import type { CrispRunRecord } from '../persistence/crisp-webhook-queue';
import { CrispRunRecorder } from './crisp-run-recorder';

const processed = (id: string): CrispRunRecord => ({
  id,
  attempt: 1,
  status: 'processed',
  done: ['A.handle'],
  dead: [],
  errors: null,
  retryInMs: 0,
});

/** Runs what is due now (the batch's `setImmediate`) and every promise it settles. */
const settle = () => jest.advanceTimersByTimeAsync(0);

/** What `retry` resolves, once its batch had its turn. */
async function retried(recorder: CrispRunRecorder): Promise<boolean> {
  const all = recorder.retry();
  await settle();
  return all;
}

describe('CrispRunRecorder', () => {
  let batches: (readonly CrispRunRecord[])[];
  let recorded: (readonly CrispRunRecord[])[];
  let refuse: Error | undefined;
  let lines: { level: 'warn' | 'log'; message: string }[];
  let recorder: CrispRunRecorder;

  beforeEach(() => {
    jest.useFakeTimers();
    batches = [];
    recorded = [];
    refuse = undefined;
    lines = [];
    recorder = new CrispRunRecorder({
      write: (runs) => {
        batches.push(runs);
        return refuse ? Promise.reject(refuse) : Promise.resolve();
      },
      recorded: (runs) => recorded.push(runs),
      logger: {
        warn: (message: string) => lines.push({ level: 'warn', message }),
        log: (message: string) => lines.push({ level: 'log', message }),
      },
    });
  });
  afterEach(() => jest.useRealTimers());

  it('records the runs that finish together in one batch, and says so once it is written', async () => {
    recorder.add(processed('1'));
    recorder.add(processed('2'));
    expect(batches).toEqual([]);
    await settle();
    expect(batches).toEqual([[processed('1'), processed('2')]]);
    expect(recorded).toEqual([[processed('1'), processed('2')]]);
  });

  it('puts what finishes while a batch is written into the next batch, one batch at a time', async () => {
    let answer!: () => void;
    const write = jest.fn((runs: readonly CrispRunRecord[]) => {
      batches.push(runs);
      return batches.length === 1 ? new Promise<void>((resolve) => (answer = resolve)) : Promise.resolve();
    });
    recorder = new CrispRunRecorder({
      write,
      recorded: (runs) => recorded.push(runs),
      logger: { warn() {}, log() {} },
    });
    recorder.add(processed('1'));
    await settle();
    recorder.add(processed('2'));
    recorder.add(processed('3'));
    await settle();
    expect(batches).toEqual([[processed('1')]]);
    answer();
    await settle();
    expect(batches).toEqual([[processed('1')], [processed('2'), processed('3')]]);
    expect(recorded).toHaveLength(2);
  });

  it('keeps a batch the database refused, warns once, and writes it again at retry', async () => {
    refuse = new Error('database down');
    recorder.add(processed('1'));
    await settle();
    expect(recorded).toEqual([]);
    expect(lines).toEqual([{ level: 'warn', message: expect.stringContaining('database down') }]);

    // Known to be down: what finishes now waits for the retry rather than hammering the database.
    recorder.add(processed('2'));
    await settle();
    expect(batches).toHaveLength(1);

    expect(await retried(recorder)).toBe(false);
    expect(batches).toHaveLength(2);
    expect(lines).toHaveLength(1);

    refuse = undefined;
    expect(await retried(recorder)).toBe(true);
    expect(batches[2]).toEqual([processed('1'), processed('2')]);
    expect(recorded).toEqual([[processed('1'), processed('2')]]);
  });

  it('logs once when the database is reachable again, and records straight away from then on', async () => {
    recorder.failed(new Error('connection refused'));
    recorder.reachable();
    recorder.reachable();
    expect(lines).toEqual([
      { level: 'warn', message: expect.stringContaining('connection refused') },
      { level: 'log', message: 'Database reachable again: Crisp event handlers resumed.' },
    ]);
    recorder.add(processed('1'));
    await settle();
    expect(recorded).toEqual([[processed('1')]]);
  });

  it('says nothing of a database that goes away once it is stopped', async () => {
    recorder.stop();
    refuse = new Error('pool closed');
    recorder.add(processed('1'));
    await settle();
    expect(lines).toEqual([]);
  });

  it('drains: resolves once every run added is recorded or kept', async () => {
    recorder.add(processed('1'));
    const drained = recorder.drain();
    await settle();
    await drained;
    expect(recorded).toEqual([[processed('1')]]);
    refuse = new Error('gone');
    recorder.add(processed('2'));
    const failed = recorder.drain();
    await settle();
    await failed;
    expect(await retried(recorder)).toBe(false);
  });

  it('retries nothing, successfully, when nothing was kept', async () => {
    expect(await retried(recorder)).toBe(true);
    expect(batches).toEqual([]);
  });
});
