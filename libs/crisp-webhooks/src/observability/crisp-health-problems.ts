import type { CrispHealthOptions } from '../interfaces';
import type { CrispInboxSnapshot } from './crisp-webhooks.monitor';

/** A website that used to send and has been silent longer than allowed. @internal */
export interface CrispSilentWebsite {
  readonly website_id: string;
  readonly last_delivery_at: string;
}

type Bounds = Required<Pick<CrispHealthOptions, 'maxBacklog' | 'maxBacklogAgeSeconds' | 'maxDead' | 'silenceSeconds'>>;

/**
 * What a snapshot of the inbox breaks of the health bounds, in words, and which websites are silent.
 * `served`: the `websites` allow-list, whose other websites' old events are not expected to go on.
 * @internal
 */
export function crispHealthProblems(
  snapshot: CrispInboxSnapshot,
  bounds: Bounds,
  served: readonly string[] | null,
  now: number,
): { problems: string[]; silent: CrispSilentWebsite[] } {
  const problems: string[] = [];
  const over = (bound: number | null, value: number | null) => bound !== null && value !== null && value > bound;
  if (over(bounds.maxBacklog, snapshot.due)) {
    problems.push(`${snapshot.due} events due for their handlers, more than maxBacklog ${bounds.maxBacklog}`);
  }
  if (over(bounds.maxBacklogAgeSeconds, snapshot.oldestUnfinishedAgeSeconds)) {
    problems.push(
      `the oldest unfinished event is ${Math.round(snapshot.oldestUnfinishedAgeSeconds!)} s old, more than ` +
        `maxBacklogAgeSeconds ${bounds.maxBacklogAgeSeconds}`,
    );
  }
  if (over(bounds.maxDead, snapshot.dead)) {
    problems.push(`${snapshot.dead} dead events, more than maxDead ${bounds.maxDead}: replay or prune them`);
  }
  const { silenceSeconds } = bounds;
  const silent =
    silenceSeconds === null
      ? []
      : snapshot.websites
          .filter(({ websiteId }) => served === null || served.includes(websiteId))
          .filter(({ lastDeliveryAt }) => now - lastDeliveryAt.getTime() > silenceSeconds * 1000)
          .map(({ websiteId, lastDeliveryAt }) => ({
            website_id: websiteId,
            last_delivery_at: lastDeliveryAt.toISOString(),
          }));
  if (silent.length > 0) {
    problems.push(
      `${silent.length} website(s) sent nothing for more than silenceSeconds ${silenceSeconds}: ` +
        'check that their hook is still active in Crisp',
    );
  }
  return { problems, silent };
}
