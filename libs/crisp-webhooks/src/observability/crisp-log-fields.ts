import { currentCrispHandlerRun } from '../delivery/crisp-handler-run';

/**
 * What ties a log line to the handler run it was written in: the fields `crispLogFields()` returns, and
 * `CrispConsoleLogger` adds to every line (in Nest's structured `params`).
 *
 * @publicApi
 */
export interface CrispLogFields {
  /** Id of the stored event the handler runs on: `GET <path>/events/<id>` and `crisp show <id>` find it. */
  readonly crispEventId: string;
  /** `Class.method` of the `@OnCrispEvent` handler. */
  readonly crispHandler: string;
  /** Which run of the event's handlers this is, from 1: a retry's lines are told from the first run's. */
  readonly crispAttempt: number;
}

/**
 * The fields of the `@OnCrispEvent` handler run this code is called from, or `{}` outside of one. It has
 * the shape of pino's `mixin` option, so with `nestjs-pino` every line a handler writes carries its event's
 * id: `LoggerModule.forRoot({ pinoHttp: { mixin: crispLogFields } })`. Nest's console logger gets the same
 * from `CrispConsoleLogger`.
 *
 * @publicApi
 */
export function crispLogFields(): CrispLogFields | Record<string, never> {
  const run = currentCrispHandlerRun();
  return run ? { crispEventId: run.eventId, crispHandler: run.handler, crispAttempt: run.attempt } : {};
}
