/**
 * How stored events reach their handlers: `CrispWebhooksModuleOptions.delivery`.
 * Every event the module acknowledged is run by every handler until it succeeds or runs out of
 * attempts, across restarts, crashes and several app instances on one database.
 *
 * @publicApi
 */
export interface CrispDeliveryOptions {
  /**
   * Retries of the handlers that failed (the others never run again): exponential backoff from
   * `baseDelayMs`, doubled per attempt up to `maxDelayMs`, with jitter; after `attempts` runs the
   * event is `dead` with the last error. A run its process did not survive (a poison event) counts too,
   * so keep `attempts` above 1 for the events merely in flight at a crash to get another run.
   * @default { attempts: 8, baseDelayMs: 1000, maxDelayMs: 300000 }
   */
  retry?: { attempts?: number; baseDelayMs?: number; maxDelayMs?: number };

  /**
   * Run the handlers before answering Crisp, which then sees a handler failure as a `500`. The event
   * is stored first either way, and a failed handler is retried as usual.
   * @default false
   */
  handlersBeforeAnswer?: boolean;

  /**
   * Run the events of one conversation (same `website_id` and `session_id`) one at a time, in the
   * order they were stored, across all instances. Costs a little latency: events go through the
   * database queue instead of straight to the handlers.
   * @default false
   */
  orderBySession?: boolean;

  /**
   * How many events one app instance runs handlers for at once; as many again wait in memory, the rest
   * in the database. Handlers mostly wait on I/O, and the more of them wait at once, the more rows a
   * `GroupCommit` writes per batch: under load, too few keep handlers behind the hooks coming in.
   * Handlers that each run their own query wait for a connection of the pool in turn, so size the
   * pool (and its acquire timeout) for them.
   * @default 128
   */
  concurrency?: number;

  /**
   * Most bytes of events one app instance holds in memory, running or waiting to run, counted as the size
   * of their JSON: past it, events stay in the database (acknowledged as always) and the queue hands them
   * out as running ones finish, so a burst of large hooks (Crisp sends up to `bodyLimit` each) or slow
   * handlers cannot grow the process without bound. The first event is always taken, whatever its size, so
   * one larger than the budget still runs. Whole bytes.
   * @default 33554432 (32 MiB: 256 events of 128 KiB, as many as `concurrency` keeps in hand by default)
   */
  maxBufferedBytes?: number;

  /**
   * How long an instance owns the events it is running; it renews the lease while alive. The events of
   * a crashed instance are taken over from twice this (expired leases are looked for once per lease:
   * finding none reads every due row), then one after another per instance, so that a poison event among
   * them is found: with slow handlers, the many events a crashed instance held take that many runs.
   * @default 30
   */
  leaseSeconds?: number;

  /** How often an instance looks for events due for a retry or left by a crashed instance, in ms. @default 1000 */
  pollIntervalMs?: number;

  /**
   * Longest wait for the database to store a delivery; past it the answer is `503` with
   * `Retry-After`, well within the 2 seconds Crisp waits.
   * @default 1500
   */
  storeTimeoutMs?: number;

  /**
   * Store deliveries with a statement prepared once per connection (a named statement), which PostgreSQL
   * then neither parses nor plans again: about 3 % more hooks per second. Turn it off behind a pooler in
   * transaction mode that does not keep prepared statements across transactions (PgBouncer before 1.21,
   * or with `max_prepared_statements = 0`), where deliveries would fail with "prepared statement does not
   * exist". Only with node-postgres, the driver TypeORM loads itself: with a `driver` of the DataSource's
   * own (typeorm-pglite's) statements are always sent as text.
   * @default true
   */
  preparedStatements?: boolean;

  /**
   * Longest run of one handler on one event, in ms, unless its `@OnCrispEvent(pattern, { timeoutMs })`
   * says otherwise. Past it the run is abandoned: its slot is free at once (a handler awaiting a call
   * that never settles would otherwise hold it forever), its `signal` is aborted, and it counts as a
   * failure, retried with backoff like any other. Long enough for a slow third-party call.
   * @default 30000
   */
  handlerTimeoutMs?: number;

  /**
   * On shutdown (`SIGTERM` with `enableShutdownHooks()`, or `app.close()`), how long to wait for the
   * handlers still running, in ms. Past it their `signal` is aborted and their events' leases given
   * back, so that another instance (or the next start) runs them at once, and the app goes on closing:
   * hung handlers cannot keep it from stopping. Below the grace period of your orchestrator
   * (Kubernetes gives 30 s), with room for the rest of the shutdown.
   * @default 10000
   */
  shutdownTimeoutMs?: number;
}

/** @internal `CrispDeliveryOptions` with every default applied. */
export interface CrispDeliveryConfig extends Required<Omit<CrispDeliveryOptions, 'retry'>> {
  readonly retry: Required<NonNullable<CrispDeliveryOptions['retry']>>;
}
