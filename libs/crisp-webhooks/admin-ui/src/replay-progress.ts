import type { EventSummary } from './api';

/**
 * Whether a replayed event has finished running again, so the page stops polling it: processed, dead or
 * quarantined for good, or failed with its retry planned (the queue runs it again later, by itself).
 */
export function hasSettled(event: Pick<EventSummary, 'status'>): boolean {
  return event.status !== 'received';
}

/** Whether a bulk replay has drained: nothing is due any more (what failed again waits for its retry). */
export function hasDrained(backlog: { due: number }): boolean {
  return backlog.due === 0;
}
