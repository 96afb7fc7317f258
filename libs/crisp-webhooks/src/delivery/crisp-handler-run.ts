import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The run a handler is in: passed to every `@OnCrispEvent` method beside the event
 * (`method(event, context)`), and, once `trackCrispHandlerRuns()` has been called, readable anywhere in the
 * handler's async call tree through `currentCrispHandlerRun()` (a logger tagging its lines).
 *
 * @publicApi
 */
export interface CrispHandlerContext {
  /** Id of the stored event, `event.id`. */
  readonly eventId: string;
  /** `Class.method` of the handler, as the event's row records it in `handlers_done`. */
  readonly handler: string;
  /**
   * Which run of the event's handlers this is, from 1. A run the process did not survive counts too
   * (charged when the event is leased again).
   */
  readonly attempt: number;
  /**
   * Fires when the run is abandoned: at the handler's timeout, or when the app stops before the handler
   * finished. Pass it to the handler's I/O (`fetch(url, { signal })`) so that an abandoned run stops.
   */
  readonly signal: AbortSignal;
}

const runs = new AsyncLocalStorage<CrispHandlerContext>();
/** Off until asked for: see `trackCrispHandlerRuns`. */
let tracking = false;
/** Each handler is given an event object of its own, which says whose run it is (`crispHandlerRunOf`). */
const runsByEvent = new WeakMap<object, CrispHandlerContext>();

/**
 * From now on, keeps each handler's run as the current run of everything the handler starts, so that
 * `currentCrispHandlerRun()` (and `crispLogFields`, which reads it) finds it through any number of awaits,
 * timers and callbacks. Off until called because it costs every delivery: on Node 20 an `AsyncLocalStorage`
 * in use slows each promise of the process, about 8 % of the CPU of a delivery (about 4 % on Node 24).
 * `CrispConsoleLogger` calls it when made; with `nestjs-pino` and `mixin: crispLogFields`, call it once
 * before the app starts. Calling it again does nothing.
 *
 * @publicApi
 */
export function trackCrispHandlerRuns(): void {
  tracking = true;
}

/**
 * The run of the `@OnCrispEvent` handler this code is called from (directly or through any number of
 * awaits, timers and callbacks), or `undefined` outside of one, and always `undefined` until
 * `trackCrispHandlerRuns()` is called.
 *
 * @publicApi
 */
export function currentCrispHandlerRun(): CrispHandlerContext | undefined {
  return runs.getStore();
}

/**
 * The run of the handler that was given `event` (the very object, which each handler gets its own of),
 * else the current run: how `CrispReplies` knows which handler replies without tracking every run.
 * @internal
 */
export function crispHandlerRunOf(event: object): CrispHandlerContext | undefined {
  return runsByEvent.get(event) ?? runs.getStore();
}

/**
 * The event as `context`'s handler gets it: a shallow copy of its own (the `data` is shared), so that
 * `crispHandlerRunOf` tells its run from those of the other handlers of the same event.
 * @internal
 */
export function eventForRun<E extends object>(event: E, context: CrispHandlerContext): E {
  const own = { ...event };
  runsByEvent.set(own, context);
  return own;
}

/**
 * The context of one handler's run. Its `signal` is made on first read: most handlers never read it, and a
 * signal joined to the app's stop on every run (`AbortSignal.any`) cost every event measurable CPU and
 * garbage. Until it is read, abandoning the run only remembers why, for a signal read later.
 * @internal
 */
export class CrispHandlerRun implements CrispHandlerContext {
  /**
   * An own, enumerable property like the other three (a getter defined in the constructor), so that
   * `{ ...context }` and a context logged or compared carry it as a plain object would.
   */
  declare readonly signal: AbortSignal;
  // Private by the language, not only by TypeScript: nothing but the four fields shows.
  #controller: AbortController | undefined;
  #reason: unknown;
  #onStop: (() => void) | undefined;
  #finished = false;
  readonly #stopping: AbortSignal | undefined;

  constructor(
    readonly eventId: string,
    readonly handler: string,
    readonly attempt: number,
    /** Fires when the app stops waiting for its handlers; `undefined` outside the worker. */
    stopping?: AbortSignal,
  ) {
    this.#stopping = stopping;
    Object.defineProperty(this, 'signal', { enumerable: true, get: () => this.#signal() });
  }

  #signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    this.#controller = new AbortController();
    const reason = this.#reason ?? (this.#stopping?.aborted ? this.#stopping.reason : undefined);
    if (reason !== undefined) {
      this.#controller.abort(reason);
    } else if (this.#stopping && !this.#finished) {
      // A finished run never fires: listening to the app's stop would only keep it alive.
      this.#onStop = () => this.abandon(this.#stopping?.reason);
      this.#stopping.addEventListener('abort', this.#onStop, { once: true });
    }
    return this.#controller.signal;
  }

  /** Gives up on the run (its timeout, or the app's stop): its signal fires, now or when first read. */
  abandon(reason: unknown): void {
    this.#reason ??= reason;
    this.#controller?.abort(reason);
    this.finish();
  }

  /** Lets go of the app's stop signal, whose listener would otherwise keep a finished run alive. */
  finish(): void {
    this.#finished = true;
    if (this.#onStop) this.#stopping?.removeEventListener('abort', this.#onStop);
    this.#onStop = undefined;
  }
}

/** Calls `run` with `context` as the current handler run of everything it starts, if runs are tracked. @internal */
export function runCrispHandler<T>(context: CrispHandlerContext, run: () => T): T {
  return tracking ? runs.run(context, run) : run();
}

/**
 * Runs a handler as the current run of `context`, for at most `timeoutMs`: past it the run is
 * abandoned (its promise is left to settle on its own, unheard) with the timeout's error, which the
 * returned promise rejects with, so the handler's slot is free at once. One promise and one timer per run:
 * a race, a deferred start and a `finally` made five more promises, on every delivery.
 * @internal
 */
export function runCrispHandlerFor(
  context: CrispHandlerRun,
  timeoutMs: number,
  timeoutError: () => Error,
  run: () => unknown,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = timeoutError();
      context.abandon(error);
      reject(error);
    }, timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      context.finish();
    };
    let result: unknown;
    try {
      result = runCrispHandler(context, run);
    } catch (error) {
      settle();
      reject(error);
      return;
    }
    // Both callbacks given: an abandoned run that fails later is not an unhandled rejection.
    Promise.resolve(result).then(
      (value) => {
        settle();
        resolve(value);
      },
      (error: unknown) => {
        settle();
        reject(error);
      },
    );
  });
}
