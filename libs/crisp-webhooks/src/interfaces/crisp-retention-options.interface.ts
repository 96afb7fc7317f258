import type { CrispDuration } from '../config/crisp-duration';

/**
 * How long finished events of each status are kept, counted from when they were stored (`received_at`);
 * `false` keeps them until they are pruned on purpose. Unfinished events (`received`, `failed`) are never
 * removed by retention: their handlers still have to run.
 *
 * @publicApi
 */
export interface CrispRetentionAges {
  /** Events every handler succeeded on. */
  processed?: CrispDuration | false;
  /** Quarantined events (their data failed the event's DTO). */
  invalid?: CrispDuration | false;
  /** Events whose handlers gave up: each is a bug to look at and replay. */
  dead?: CrispDuration | false;
}

/**
 * `CrispWebhooksModuleOptions.retention`: what the module deletes, and when, on its own. Applied on a
 * schedule by one app instance at a time (a PostgreSQL advisory lock), in small batches that each commit
 * on their own, so the hook endpoint never waits behind it.
 *
 * A delivery is recognised as a repeat only while its row exists: Crisp retrying a hook after its row was
 * deleted stores (and handles) it again. Ages are therefore at least an hour; the defaults keep rows a month.
 *
 * @publicApi
 */
export interface CrispRetentionOptions extends CrispRetentionAges {
  /**
   * Processed events are deleted this long after they were stored: a month of history to look back on
   * (and to recognise a late repeat by) is what webhook services keep, and the handlers are long done.
   * @default '30d'
   */
  processed?: CrispDuration | false;

  /**
   * Quarantined events are deleted this long after they were stored: long enough to notice, fix the DTO
   * or the sender, and replay them.
   * @default '30d'
   */
  invalid?: CrispDuration | false;

  /**
   * Dead events are kept until replayed (they then follow `processed`) or pruned on purpose: deleting an
   * event whose handlers never succeeded would lose work nobody has looked at.
   * @default false
   */
  dead?: CrispDuration | false;

  /**
   * Ages of some events apart from the others, by event name or family wildcard (`'message:*'`); a name
   * wins over its family, and a status left out follows the ages above. E.g. keep messages a year:
   * `{ 'message:*': { processed: '365d' } }`, forget presence updates after a day:
   * `{ 'website:update_visitors_count': { processed: '1d' } }`.
   * @default {}
   */
  events?: Readonly<Record<string, CrispRetentionAges>>;

  /**
   * The payload (`data`) of a processed event is dropped this long after it was stored: set to JSON
   * `null`, with `payload_dropped_at` set, while the row, its outcome and its dedup key stay. Crisp
   * payloads hold chat text, emails and phone numbers; handlers are done with them within seconds, and a
   * week leaves time to look into a bug with the data at hand. Must be shorter than `processed`.
   * `false` keeps payloads as long as their rows.
   * @default '7d'
   */
  payload?: CrispDuration | false;

  /**
   * How often an instance tries to apply retention (the first try comes a minute after start, or `every`
   * when shorter). Only one instance at a time does the work; the others find it under way and skip.
   * @default '1h'
   */
  every?: CrispDuration;

  /**
   * Rows deleted or updated per statement: each batch commits on its own, so row locks are held for
   * milliseconds and the table is never locked against new hooks.
   * @default 1000
   */
  batchSize?: number;
}

/** @internal `CrispRetentionOptions` with every default applied, ages in milliseconds (`null`: kept). */
export interface CrispRetentionConfig {
  readonly ages: CrispRetentionAgesConfig;
  /** Ages of the events named here, which differ from `ages` for at least one status. */
  readonly events: ReadonlyMap<string, CrispRetentionAgesConfig>;
  readonly payloadMs: number | null;
  readonly everyMs: number;
  readonly batchSize: number;
}

/** @internal */
export interface CrispRetentionAgesConfig {
  readonly processed: number | null;
  readonly invalid: number | null;
  readonly dead: number | null;
}
