import { CRISP_WEBHOOK_EVENTS_TABLE } from './crisp-webhook-event.entity';

/** The events table, quoted, for the module's hand-written statements. @internal */
export const EVENTS_TABLE = `"${CRISP_WEBHOOK_EVENTS_TABLE}"`;

/**
 * Rows whose handlers have not all run yet: the queue's due and per-session predicates, and the partial
 * indexes of the entity that serve them, use the same statuses.
 * @internal
 */
export const UNFINISHED = `"status" IN ('received', 'failed')`;
