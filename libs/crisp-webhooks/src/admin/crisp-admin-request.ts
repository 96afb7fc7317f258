import type { CrispWebhookEventStatus } from '../persistence/crisp-webhook-event-status';
import type { CrispEventListQuery, CrispReplayOptions } from './crisp-webhook-events.admin';
import type { CrispWebhookEventFilter } from './crisp-webhook-event-filter';

/** The filter fields of the admin API, by their wire (snake_case) names. */
const FILTER_FIELDS = ['status', 'event', 'website_id', 'session_id', 'since', 'until', 'unhandled'] as const;

type Input = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Input =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses a field the API does not know: a misspelt filter must never widen a replay to every event. */
function onlyFields(input: Input, fields: readonly string[], where: string): void {
  const unknown = Object.keys(input).find((key) => !fields.includes(key));
  if (unknown !== undefined) throw new RangeError(`${where} has no field ${unknown}: use ${fields.join(', ')}.`);
}

/** A list from a JSON array, a repeated query parameter or a comma-separated value. */
function listOf(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = [value].flat();
  if (parts.some((part) => typeof part !== 'string')) throw new RangeError(`${field} must be text or a list of text.`);
  const items = (parts as string[]).flatMap((part) => part.split(',')).map((part) => part.trim());
  return items.filter((item) => item !== '');
}

function textOf(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new RangeError(`${field} must be non-empty text.`);
  return value.trim();
}

function dateOf(value: unknown, field: string): Date | undefined {
  const text = textOf(value, field);
  if (text === undefined) return undefined;
  const date = new Date(/^\d+$/.test(text) ? Number(text) : text);
  if (Number.isNaN(date.getTime())) throw new RangeError(`${field} must be an ISO 8601 date or ms since the epoch.`);
  return date;
}

function booleanOf(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new RangeError(`${field} must be true or false.`);
}

/** The event filter of a query string or a JSON body, by the API's field names. @internal */
export function crispFilterOf(input: Input, where = 'The filter'): CrispWebhookEventFilter {
  onlyFields(input, FILTER_FIELDS, where);
  const filter = {
    status: listOf(input.status, 'status') as CrispWebhookEventStatus[] | undefined,
    event: listOf(input.event, 'event'),
    websiteId: textOf(input.website_id, 'website_id'),
    sessionId: textOf(input.session_id, 'session_id'),
    since: dateOf(input.since, 'since'),
    until: dateOf(input.until, 'until'),
    unhandled: booleanOf(input.unhandled, 'unhandled'),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

/** `GET <path>/events`'s query: the filter, `limit` and `cursor`. @internal */
export function crispListQueryOf(query: Input): CrispEventListQuery {
  onlyFields(query, [...FILTER_FIELDS, 'limit', 'cursor'], 'The query');
  const { limit, cursor, ...filter } = query;
  const limitText = textOf(limit, 'limit');
  if (limitText !== undefined && !/^\d{1,4}$/.test(limitText)) throw new RangeError('limit must be a whole number.');
  return {
    ...crispFilterOf(filter),
    ...(limitText === undefined ? {} : { limit: Number(limitText) }),
    ...(cursor === undefined ? {} : { cursor: textOf(cursor, 'cursor') }),
  };
}

/**
 * Which handlers a replay body chooses (`handlers`, `all`), checked against the handlers this app has; `known`
 * is `undefined` where they cannot be known (the CLI runs without the app), and a name is then taken as given.
 * @internal
 */
export function crispReplayChoiceOf(
  body: Input,
  known: readonly string[] | undefined,
): Pick<CrispReplayOptions, 'handlers' | 'all'> {
  const all = booleanOf(body.all, 'all');
  const handlers = body.handlers === undefined ? undefined : listOf(body.handlers, 'handlers');
  const unknown = known && handlers?.find((handler) => !known.includes(handler));
  if (unknown !== undefined) {
    throw new RangeError(`No handler is named ${unknown}: GET <path>/handlers lists them (Class.method).`);
  }
  if (all && handlers?.length) throw new RangeError('Give handlers or all, not both.');
  return { ...(handlers?.length ? { handlers } : {}), ...(all ? { all } : {}) };
}

/** The body of `POST <path>/events/:id/replay`. @internal */
export function crispReplayOneOf(
  body: unknown,
  known: readonly string[],
): Pick<CrispReplayOptions, 'handlers' | 'all'> {
  const input = body === undefined || body === null ? {} : body;
  if (!isRecord(input)) throw new RangeError('The body must be a JSON object { handlers?, all? }.');
  onlyFields(input, ['handlers', 'all'], 'The body');
  return crispReplayChoiceOf(input, known);
}

/** The body of `POST <path>/events/replay`: a filter (required, `{}` for every event) and the handlers. @internal */
export function crispReplayManyOf(
  body: unknown,
  known: readonly string[],
): { readonly filter: CrispWebhookEventFilter; readonly options: CrispReplayOptions } {
  if (!isRecord(body) || !isRecord(body.filter)) {
    throw new RangeError(
      'The body must be a JSON object { filter: {...}, handlers?, all?, dry_run? }; filter {} selects every event.',
    );
  }
  onlyFields(body, ['filter', 'handlers', 'all', 'dry_run'], 'The body');
  const dryRun = booleanOf(body.dry_run, 'dry_run') ?? false;
  return { filter: crispFilterOf(body.filter), options: { ...crispReplayChoiceOf(body, known), dryRun } };
}

/** Whom `DELETE <path>/events` erases: exactly one of `session_id` and `email`. @internal */
export function crispErasureOf(query: Input): { readonly sessionId: string } | { readonly email: string } {
  onlyFields(query, ['session_id', 'email'], 'The query');
  const sessionId = textOf(query.session_id, 'session_id');
  const email = textOf(query.email, 'email');
  if ((sessionId === undefined) === (email === undefined))
    throw new RangeError('Give session_id or email (one of them).');
  return sessionId === undefined ? { email: email! } : { sessionId };
}
