import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CRISP_WEBHOOKS_DATA_SOURCE } from '../crisp-webhooks.constants';
import {
  type CrispBacklog,
  type CrispWebsiteLastDelivery,
  readCrispBacklog,
  readCrispLastDeliveries,
} from '../persistence/crisp-webhook-backlog';

/** The queue's state and each website's latest delivery, read together. @internal */
export interface CrispInboxSnapshot extends CrispBacklog {
  readonly websites: readonly CrispWebsiteLastDelivery[];
}

/** Rejects after `ms`: a scrape or a probe must answer even when the database does not. */
export function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads what metrics and health report from the database, at most once per `maxAgeMs` however many
 * scrapes and probes ask: callers within that time share the last read (or the one under way). A
 * failed read is not kept, so the next caller tries again. @internal
 */
@Injectable()
export class CrispWebhooksMonitor {
  private last: { at: number; readonly snapshot: Promise<CrispInboxSnapshot>; settled: boolean } | undefined;

  constructor(@Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** The database answers a trivial query within `timeoutMs`, or this rejects. */
  async ping(timeoutMs: number): Promise<void> {
    await withinMs(this.dataSource.query('SELECT 1'), timeoutMs);
  }

  /** A read under way is always shared; a finished one while it is younger than `maxAgeMs`. */
  snapshot(maxAgeMs: number, timeoutMs: number): Promise<CrispInboxSnapshot> {
    const { last } = this;
    if (last && (!last.settled || Date.now() - last.at < maxAgeMs)) return last.snapshot;
    const snapshot = withinMs(this.read(), timeoutMs);
    const entry = { at: Date.now(), snapshot, settled: false };
    this.last = entry;
    snapshot.then(
      () => {
        entry.at = Date.now();
        entry.settled = true;
      },
      () => {
        if (this.last === entry) this.last = undefined;
      },
    );
    return snapshot;
  }

  private async read(): Promise<CrispInboxSnapshot> {
    const [backlog, websites] = await Promise.all([
      readCrispBacklog(this.dataSource),
      readCrispLastDeliveries(this.dataSource),
    ]);
    return { ...backlog, websites };
  }
}
