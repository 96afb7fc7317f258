import { CRISP_EVENT_NAMES, isCrispEventName } from '../events/crisp-event-pattern.util';
import { CRISP_WEBHOOK_EVENT_STATUSES, type CrispWebhookEventStatus } from '../persistence/crisp-webhook-event-status';

/**
 * Which stored events an operation applies to; every field given narrows the selection.
 * @publicApi
 */
export interface CrispWebhookEventFilter {
  /** One status or several. */
  readonly status?: CrispWebhookEventStatus | readonly CrispWebhookEventStatus[];
  /** Event names, family wildcards (`'message:*'`), or both; an unknown name matches events Crisp added since. */
  readonly event?: string | readonly string[];
  /** Only events of this Crisp website (`website_id`). */
  readonly websiteId?: string;
  /** The conversation (`session_id`) the events belong to. */
  readonly sessionId?: string;
  /** Stored at or after this time. */
  readonly since?: Date;
  /** Stored before this time. */
  readonly until?: Date;
  /**
   * Only events no handler ran on: `processed` with no handler done, e.g. stored before any handler
   * subscribed to them. Replaying them runs the handlers deployed since (a backfill).
   */
  readonly unhandled?: boolean;
}

/** Collects the parameters of a hand-written statement and names each by its `$n`. @internal */
export class SqlParameters {
  readonly values: unknown[];

  constructor(...reserved: unknown[]) {
    this.values = reserved;
  }

  /** The placeholder of a new parameter. */
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

const listOf = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as T];

/** The event names a filter's `event` patterns cover, wildcards expanded against the catalogue. */
function eventNames(patterns: readonly string[]): string[] {
  const names = new Set<string>();
  for (const pattern of patterns) {
    if (!pattern.endsWith(':*')) names.add(pattern);
    else
      for (const name of CRISP_EVENT_NAMES.filter((known) => known.startsWith(pattern.slice(0, -1)))) names.add(name);
  }
  return [...names];
}

/**
 * The session a row belongs to: `session_key` is `website_id:session_id` (a website id has no colon).
 * `IDX_crisp_webhook_events_session_id` indexes this very expression.
 * @internal
 */
export const SESSION_ID_SQL = (alias: string) => `split_part(${alias}."session_key", ':', 2)`;

const isValidDate = (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime());

/**
 * The SQL condition on the events table (aliased `"e"`) that selects what `filter` says; `TRUE` for an
 * empty filter. Every field is served by an index (see the migration `AddCrispWebhookEventAdminIndexes`).
 * Throws a `RangeError` naming a field whose value cannot match.
 * @internal
 */
export function crispEventFilterSql(filter: CrispWebhookEventFilter, params: SqlParameters): string {
  const conditions: string[] = [];
  const statuses = listOf(filter.status);
  const unknown = statuses.find((status) => !CRISP_WEBHOOK_EVENT_STATUSES.includes(status));
  if (unknown !== undefined) {
    throw new RangeError(`Unknown status ${String(unknown)}: use one of ${CRISP_WEBHOOK_EVENT_STATUSES.join(', ')}.`);
  }
  if (statuses.length > 0) conditions.push(`"e"."status" = ANY(${params.add(statuses, '::text[]')})`);
  const patterns = listOf(filter.event);
  if (patterns.length > 0) {
    const names = eventNames(patterns);
    const family = patterns.find((pattern) => pattern.endsWith(':*') && !isCrispEventName(pattern));
    if (names.length === 0 && family !== undefined) {
      throw new RangeError(`No Crisp event is in the family ${family}: use e.g. 'message:*'.`);
    }
    conditions.push(`"e"."event" = ANY(${params.add(names, '::text[]')})`);
  }
  if (filter.websiteId !== undefined) conditions.push(`"e"."website_id" = ${params.add(filter.websiteId)}`);
  if (filter.sessionId !== undefined) conditions.push(`${SESSION_ID_SQL('"e"')} = ${params.add(filter.sessionId)}`);
  for (const [field, operator] of [
    ['since', '>='],
    ['until', '<'],
  ] as const) {
    const at = filter[field];
    if (at === undefined) continue;
    if (!isValidDate(at)) throw new RangeError(`${field} must be a valid date, got ${String(at)}.`);
    conditions.push(`"e"."received_at" ${operator} ${params.add(at, '::timestamptz')}`);
  }
  if (filter.unhandled) conditions.push(`"e"."status" = 'processed' AND "e"."handlers_done" = '[]'::jsonb`);
  return conditions.length > 0 ? conditions.join(' AND ') : 'TRUE';
}
