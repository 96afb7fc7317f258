import type { LogLevel } from '@nestjs/common';

/**
 * The members of a `prom-client` `Registry` the module uses: any registry of `prom-client` 15 fits
 * (the module does not import `prom-client` in its types, so a host without it compiles).
 *
 * @publicApi
 */
export interface CrispMetricsRegistry {
  /** The metric registered under `name`, which the module reuses instead of registering it twice. */
  getSingleMetric(name: string): unknown;
  /** Called by prom-client's metric constructors for the registries they are given. */
  registerMetric(metric: never): void;
  /** Lets the module replace its database gauges, which belong to one app instance. */
  removeSingleMetric(name: string): void;
}

/**
 * Prometheus metrics, named `crisp_webhooks_…`: `CrispWebhooksModuleOptions.metrics`. They need the
 * `prom-client` package (an optional peer of this module).
 *
 * @publicApi
 */
export interface CrispMetricsOptions {
  /**
   * Registry the metrics are registered on; the host serves it (e.g. `GET /metrics`). A metric already
   * registered under the same name is reused, so two registrations of the module, or an app started
   * twice in one process, never fail with "already registered".
   * @default prom-client's default registry (`register`), which `@willsoto/nestjs-prometheus` serves too
   */
  registry?: CrispMetricsRegistry;

  /**
   * How long the gauges read from the database (backlog, oldest unfinished event, last delivery per
   * website) are kept before a scrape reads them again, in seconds: scrapes from several Prometheus
   * servers, or a short scrape interval, cost the database one small query per period.
   * @default 5
   */
  cacheSeconds?: number;
}

/**
 * What `CrispWebhooksHealthIndicator` checks: `CrispWebhooksModuleOptions.health`. The database must
 * answer within `timeoutMs`, else the indicator is `down`. The other bounds describe a receiver that
 * still stores hooks but needs a look: past one, the indicator is `degraded` (terminus answers `200`),
 * or `down` with `exceeded: 'down'`.
 *
 * @publicApi
 */
export interface CrispHealthOptions {
  /**
   * Longest wait for the database to answer, in ms: the health answer must come well within the
   * probe's own timeout (and Crisp's 2 seconds, should the probe share the hook's path to the database).
   * @default 1000
   */
  timeoutMs?: number;

  /**
   * Most events due for their handlers (new, or failed and past their backoff) before the backlog is
   * reported: handlers falling behind the hooks coming in. `null`: not checked.
   * @default 10000 (pg-boss's queue-size warning)
   */
  maxBacklog?: number | null;

  /**
   * Oldest age, in seconds, of an event whose handlers have not all run (received or failed) before it
   * is reported: a handler failing for a long time, or no instance running handlers. The default
   * outlasts the default retries (about 13 minutes from first to last attempt). `null`: not checked.
   * @default 900
   */
  maxBacklogAgeSeconds?: number | null;

  /**
   * Most `dead` events (handlers that gave up) before they are reported. Each one is an acknowledged
   * event a handler never completed, which needs a person: replay it, or prune it. `null`: not checked.
   * @default 0
   */
  maxDead?: number | null;

  /**
   * A website whose last delivery is older than this, in seconds, is reported silent: Crisp suspends a
   * hook whose deliveries fail, and sends nothing after that. Only websites that sent before (have
   * stored events) are known; with `websites` set, only those. `null`: not checked.
   * @default 86400 (a day)
   */
  silenceSeconds?: number | null;

  /**
   * How long the backlog and the websites' last deliveries read for one check are reused by the next
   * ones, in seconds (the database ping is never reused): probes of many instances, or frequent ones,
   * cost the database one small query per period.
   * @default 5
   */
  cacheSeconds?: number;

  /**
   * What an exceeded bound (backlog, age, dead, silence) makes the indicator: `'degraded'` keeps
   * terminus's answer `200` (a readiness probe keeps sending hooks to a receiver that stores them);
   * `'down'` answers `503`. An unreachable database is always `down`.
   * @default 'degraded'
   */
  exceeded?: 'degraded' | 'down';
}

/**
 * The level of the line logged for every delivery (event, website, stored id, outcome, status,
 * milliseconds), through Nest's `Logger` (context `CrispWebhooks`), or `false` for none.
 *
 * @publicApi
 */
export type CrispDeliveryLogLevel = Extract<LogLevel, 'log' | 'debug' | 'verbose'> | false;

/** @internal The observability options with every default applied, checked once at start-up. */
export interface CrispObservabilityConfig {
  /** `null`: metrics off. */
  readonly metrics: { readonly registry: CrispMetricsRegistry | undefined; readonly cacheSeconds: number } | null;
  readonly health: Required<CrispHealthOptions>;
  readonly deliveryLog: CrispDeliveryLogLevel;
}
