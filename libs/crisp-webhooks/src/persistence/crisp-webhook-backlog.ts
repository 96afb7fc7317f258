import type { DataSource } from 'typeorm';
import { EVENTS_TABLE as TABLE, UNFINISHED } from './crisp-webhook-events.sql';

/** What waits in the queue, as metrics and health report it. @internal */
export interface CrispBacklog {
  /** Unfinished events whose handlers may run now: new ones, and failed ones past their backoff. */
  readonly due: number;
  /** Events a handler failed on, waiting for their retry (or running it). */
  readonly failed: number;
  /** Events whose handlers gave up. */
  readonly dead: number;
  /** Seconds since the oldest unfinished event was received; `null` when none is unfinished. */
  readonly oldestUnfinishedAgeSeconds: number | null;
}

/** When a website's latest delivery was received. @internal */
export interface CrispWebsiteLastDelivery {
  readonly websiteId: string;
  readonly lastDeliveryAt: Date;
}

/**
 * The backlog in one statement that reads only unfinished rows (the partial index of due events) and
 * dead ones (the (status, id) index): its cost follows the backlog, never the table's size.
 * @internal
 */
export async function readCrispBacklog(dataSource: DataSource): Promise<CrispBacklog> {
  const [row]: {
    due: number;
    failed: number;
    dead: number;
    oldest: number | null;
  }[] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE "next_attempt_at" <= now())::int AS "due",
            count(*) FILTER (WHERE "status" = 'failed')::int AS "failed",
            extract(epoch FROM now() - min("received_at"))::float8 AS "oldest",
            (SELECT count(*) FROM ${TABLE} WHERE "status" = 'dead')::int AS "dead"
     FROM ${TABLE} WHERE ${UNFINISHED}`,
  );
  return {
    due: row.due,
    failed: row.failed,
    dead: row.dead,
    oldestUnfinishedAgeSeconds: row.oldest === null ? null : Math.max(0, row.oldest),
  };
}

/**
 * Each website's latest delivery, without reading the table: a skip scan over the (website_id, id)
 * index makes one probe per website, and takes that website's newest row from the same index. Its cost
 * follows the number of websites, not the number of rows.
 * @internal
 */
export async function readCrispLastDeliveries(dataSource: DataSource): Promise<CrispWebsiteLastDelivery[]> {
  const rows: { website_id: string; last: Date }[] = await dataSource.query(
    `WITH RECURSIVE "w" AS (
       (SELECT "website_id" FROM ${TABLE} ORDER BY "website_id" LIMIT 1)
       UNION ALL
       SELECT (SELECT "website_id" FROM ${TABLE} WHERE "website_id" > "w"."website_id" ORDER BY "website_id" LIMIT 1)
       FROM "w" WHERE "w"."website_id" IS NOT NULL)
     SELECT "w"."website_id",
       (SELECT "received_at" FROM ${TABLE} "e" WHERE "e"."website_id" = "w"."website_id" ORDER BY "e"."id" DESC LIMIT 1) AS "last"
     FROM "w" WHERE "w"."website_id" IS NOT NULL`,
  );
  return rows.map((row) => ({ websiteId: row.website_id, lastDeliveryAt: row.last }));
}
