import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CRISP_WEBHOOKS_DATA_SOURCE } from '../crisp-webhooks.constants';
import type { CrispWebhookEventStatus } from './crisp-webhook-event-status';

/** A delivery about to be stored. @internal */
export interface CrispDeliveryRecord {
  readonly websiteId: string;
  readonly event: string;
  readonly data: unknown;
  readonly timestamp: number;
  readonly status: Extract<CrispWebhookEventStatus, 'received' | 'invalid'>;
  readonly errors: unknown;
  readonly dedupKey: Buffer;
  readonly deliveryAttempt: number | null;
}

/** The id of the stored row, or `undefined` when an identical delivery was already stored. @internal */
export type CrispStoreResult = { readonly id: string } | { readonly id: undefined };

interface Pending {
  readonly record: CrispDeliveryRecord;
  readonly resolve: (result: CrispStoreResult) => void;
  readonly reject: (error: unknown) => void;
}

const COLUMNS = 8;
/** Postgres takes at most 65535 parameters in one statement. */
const MAX_BATCH = Math.floor(65535 / COLUMNS);

/**
 * Stores deliveries with group commit: the requests that arrive in the same turn of the event loop
 * share one multi-row `INSERT`, so the database sees one round trip and one commit per batch instead
 * of one per hook. Each caller's promise settles only once its row is committed.
 */
@Injectable()
export class CrispWebhookInbox {
  private queue: Pending[] = [];
  private flushScheduled = false;

  constructor(@Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  store(record: CrispDeliveryRecord): Promise<CrispStoreResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  async markFinished(id: string, status: CrispWebhookEventStatus, errors: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE "crisp_webhook_events" SET "status" = $2, "errors" = $3::jsonb, "processed_at" = now() WHERE "id" = $1`,
      [id, status, errors === null ? null : JSON.stringify(errors)],
    );
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    while (this.queue.length > 0) void this.insert(this.queue.splice(0, MAX_BATCH));
  };

  private async insert(batch: Pending[]): Promise<void> {
    const params: unknown[] = [];
    const tuples = batch.map(({ record: r }) => {
      const at =
        params.push(
          r.websiteId,
          r.event,
          JSON.stringify(r.data),
          new Date(r.timestamp),
          r.status,
          r.errors === null ? null : JSON.stringify(r.errors),
          r.dedupKey,
          r.deliveryAttempt,
        ) - COLUMNS;
      return `($${at + 1}, $${at + 2}, $${at + 3}::jsonb, $${at + 4}, $${at + 5}, $${at + 6}::jsonb, $${at + 7}, $${at + 8})`;
    });
    try {
      const rows: { id: string; key: string }[] = await this.dataSource.query(
        `INSERT INTO "crisp_webhook_events"
           ("website_id", "event", "data", "occurred_at", "status", "errors", "dedup_key", "delivery_attempt")
         VALUES ${tuples.join(', ')}
         ON CONFLICT ("dedup_key") DO NOTHING
         RETURNING "id"::text AS "id", encode("dedup_key", 'hex') AS "key"`,
        params,
      );
      // A key maps to one inserted row; only its first claimant owns it, repeats are duplicates.
      const inserted = new Map(rows.map((row) => [row.key, row.id]));
      for (const pending of batch) {
        const key = pending.record.dedupKey.toString('hex');
        const id = inserted.get(key);
        inserted.delete(key);
        pending.resolve({ id });
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
