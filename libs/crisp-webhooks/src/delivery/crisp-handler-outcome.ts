/** What one handler did with one event. @internal */
export class CrispHandlerOutcome {
  constructor(
    /** `Class.method` of the handler. */
    readonly handler: string,
    readonly ok: boolean,
    readonly error?: unknown,
    /** How long the run took. */
    readonly durationMs = 0,
  ) {}
}

/** Passed to every handler listener beside the event. @internal */
export interface CrispDispatchContext {
  /** Handlers that already succeeded on this event, or gave up on it for good, which must not run again. */
  readonly completed: ReadonlySet<string>;
  /** Which run of the event's handlers this is, from 1. */
  readonly attempt: number;
  /** Timeout of a handler whose `@OnCrispEvent` sets none. */
  readonly handlerTimeoutMs: number;
  /** Aborted when the app stops waiting for its handlers (shutdown's bound). */
  readonly stopping: AbortSignal;
}
