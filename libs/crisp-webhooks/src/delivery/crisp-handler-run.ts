import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The run a handler is in: passed to every `@OnCrispEvent` method beside the event
 * (`method(event, context)`), and readable anywhere in the handler's async call tree through
 * `currentCrispHandlerRun()` (a logger tagging its lines, a client recording which event a call was for).
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

/**
 * The run of the `@OnCrispEvent` handler this code is called from (directly or through any number of
 * awaits, timers and callbacks), or `undefined` outside of one.
 *
 * @publicApi
 */
export function currentCrispHandlerRun(): CrispHandlerContext | undefined {
  return runs.getStore();
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

/** Calls `run` with `context` as the current handler run of everything it starts. @internal */
export function runCrispHandler<T>(context: CrispHandlerContext, run: () => T): T {
  return runs.run(context, run);
}

/**
 * Runs a handler as the current run of `context`, for at most `timeoutMs`: past it the run is
 * abandoned (its promise is left to settle on its own, unheard) with the timeout's error, which the
 * returned promise rejects with, so the handler's slot is free at once.
 * @internal
 */
export function runCrispHandlerFor(
  context: CrispHandlerRun,
  timeoutMs: number,
  timeoutError: () => Error,
  run: () => unknown,
): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = timeoutError();
      context.abandon(error);
      reject(error);
    }, timeoutMs);
  });
  const ran = Promise.resolve().then(() => runCrispHandler(context, run));
  // An abandoned run that fails later must not be an unhandled rejection.
  ran.catch(() => undefined);
  return Promise.race([ran, timedOut]).finally(() => {
    clearTimeout(timer);
    context.finish();
  });
}
