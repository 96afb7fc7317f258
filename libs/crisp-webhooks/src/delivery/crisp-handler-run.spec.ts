import { getEventListeners } from 'node:events';
import {
  CrispHandlerRun,
  currentCrispHandlerRun,
  runCrispHandlerFor,
  trackCrispHandlerRuns,
} from './crisp-handler-run';

const runOf = (stopping?: AbortSignal) => new CrispHandlerRun('42', 'Greeter.onMessage', 1, stopping);

describe('CrispHandlerRun', () => {
  it('shows its four fields alone, as own properties: a spread copy has them all', () => {
    const run = runOf(new AbortController().signal);
    expect(Object.keys(run).sort()).toEqual(['attempt', 'eventId', 'handler', 'signal']);
    const copy = { ...run };
    expect(copy).toEqual({ eventId: '42', handler: 'Greeter.onMessage', attempt: 1, signal: run.signal });
    expect(copy.signal.aborted).toBe(false);
  });

  it('fires a signal read before the run is abandoned, with the reason', () => {
    const run = runOf();
    const { signal } = run;
    const reason = new Error('timed out');
    run.abandon(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('gives an aborted signal when first read after the run was abandoned', () => {
    const run = runOf();
    const reason = new Error('timed out');
    run.abandon(reason);
    expect(run.signal.aborted).toBe(true);
    expect(run.signal.reason).toBe(reason);
  });

  it("fires at the app's stop, read before or after it", () => {
    const stop = new AbortController();
    const before = runOf(stop.signal);
    const { signal } = before;
    stop.abort(new Error('shutting down'));
    expect(signal.reason).toEqual(new Error('shutting down'));
    expect(runOf(stop.signal).signal.reason).toEqual(new Error('shutting down'));
  });

  it("listens to the app's stop only once its signal is read, and no longer once finished", () => {
    const stop = new AbortController();
    const run = runOf(stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    void run.signal;
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(1);
    run.finish();
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
    stop.abort();
    expect(run.signal.aborted).toBe(false);
  });

  it('does not listen to the app stop when its signal is first read after the run finished', () => {
    const stop = new AbortController();
    const run = runOf(stop.signal);
    run.finish();
    expect(run.signal.aborted).toBe(false);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });
});

/** Runs on `run` a handler that reads its signal, then says which run is current after an await (as a logger asks). */
const currentAfterAwait = (run: CrispHandlerRun) =>
  runCrispHandlerFor(
    run,
    1000,
    () => new Error('timed out'),
    async () => {
      void run.signal;
      await Promise.resolve();
      return currentCrispHandlerRun();
    },
  );

describe('runCrispHandlerFor', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the handler (untracked, as no current run) and lets go of the stop signal once it settles', async () => {
    const stop = new AbortController();
    await expect(currentAfterAwait(runOf(stop.signal))).resolves.toBeUndefined();
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('rejects with what a handler throws before its first await', async () => {
    const ran = runCrispHandlerFor(
      runOf(),
      1000,
      () => new Error('timed out'),
      () => {
        throw new Error('thrown at once');
      },
    );
    await expect(ran).rejects.toThrow('thrown at once');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('runs the handler as the current run once runs are tracked', async () => {
    trackCrispHandlerRuns();
    const stop = new AbortController();
    const run = runOf(stop.signal);
    await expect(currentAfterAwait(run)).resolves.toBe(run);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('rejects at the timeout with its error, and fires the signal of the abandoned run', async () => {
    const run = runOf(new AbortController().signal);
    const ran = runCrispHandlerFor(
      run,
      1000,
      () => new Error('timed out'),
      () => new Promise(() => undefined),
    );
    const settled = expect(ran).rejects.toThrow('timed out');
    await jest.advanceTimersByTimeAsync(1000);
    await settled;
    expect(run.signal.aborted).toBe(true);
  });
});
