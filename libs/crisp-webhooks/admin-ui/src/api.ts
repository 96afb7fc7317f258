/**
 * The admin HTTP API as the page uses it, exactly as the module serves it (README, "Admin API"): the page shows
 * what these calls return and nothing more.
 */

/** Every status a stored event can have. */
export const EVENT_STATUSES = ['received', 'processed', 'failed', 'dead', 'invalid'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface HandlerOutcome {
  readonly handler: string;
  readonly status: 'processed' | 'failed' | 'dead' | 'pending';
  readonly error: string | null;
}

export interface EventSummary {
  readonly id: string;
  readonly event: string;
  readonly website_id: string;
  readonly session_id: string | null;
  readonly status: EventStatus;
  readonly attempts: number;
  readonly delivery_attempt: number | null;
  readonly received_at: string;
  readonly occurred_at: string | null;
  readonly processed_at: string | null;
  readonly next_attempt_at: string | null;
  readonly payload_dropped: boolean;
  readonly handlers: readonly HandlerOutcome[];
}

/** One run of an event's handlers: when its outcome was recorded, what the event became, each handler's part. */
export interface AttemptRun {
  readonly attempt: number;
  readonly at: string;
  readonly status: 'processed' | 'failed' | 'dead';
  readonly done: readonly string[];
  readonly failed: readonly string[];
  readonly dead: readonly string[];
}

export interface EventDetail extends EventSummary {
  readonly data: unknown;
  readonly validation_errors: readonly unknown[] | null;
  readonly errors: unknown;
  /** The last runs, oldest first, replays included. */
  readonly attempt_history: readonly AttemptRun[];
}

export interface EventPage {
  readonly items: readonly EventSummary[];
  readonly next_cursor: string | null;
}

export interface Stats {
  readonly last_hour: Readonly<Record<string, number>>;
  readonly last_day: Readonly<Record<string, number>>;
  readonly backlog: { readonly due: number; readonly failed: number; readonly dead: number };
  readonly oldest_unfinished_age_seconds: number | null;
  readonly websites: readonly { readonly website_id: string; readonly last_delivery_at: string | null }[];
  readonly announced_retries: { readonly last_hour: number; readonly last_day: number };
}

/** The list filters of `GET /events` and `POST /events/replay`, under the API's own names. */
export interface EventFilter {
  readonly status?: string;
  readonly event?: string;
  readonly website_id?: string;
  readonly session_id?: string;
  readonly since?: string;
  readonly until?: string;
  readonly unhandled?: boolean;
}

/** Which handlers a replay runs: by default those that did not succeed, or all of them, or the ones named. */
export type HandlerChoice =
  | { readonly kind: 'unfinished' }
  | { readonly kind: 'all' }
  | { readonly kind: 'chosen'; readonly handlers: readonly string[] };

/** The server refused the credentials (401, or 403 from a host's own guard): nothing may be shown. */
export class RefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Any other answer than a success. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The `message` of a Nest error body (a string or a list of them), or a generic text. */
export function messageOf(body: unknown, status: number): string {
  const message = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  if (typeof message === 'string' && message) return message;
  if (Array.isArray(message) && message.every((part) => typeof part === 'string')) return message.join('; ');
  return `The server answered ${status}.`;
}

/** The body of a replay request for a choice of handlers (nothing for the default). */
export function replayBody(choice: HandlerChoice): { handlers?: readonly string[]; all?: true } {
  if (choice.kind === 'all') return { all: true };
  if (choice.kind === 'chosen') return { handlers: choice.handlers };
  return {};
}

/** The filter without its empty fields, as the API takes it in a body. */
export function compactFilter(filter: EventFilter): EventFilter {
  const entries = Object.entries(filter).filter(([, value]) => value !== undefined && value !== '' && value !== false);
  return Object.fromEntries(entries) as EventFilter;
}

/** The query string of `GET /events` for a filter and a page. */
export function listQuery(filter: EventFilter, page: { limit?: number; cursor?: string | null } = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(compactFilter(filter))) params.set(name, String(value));
  if (page.limit) params.set('limit', String(page.limit));
  if (page.cursor) params.set('cursor', page.cursor);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Where the API is, from where the page is: the page is served at `<path>/admin`, the API under `<path>`. */
export function apiBase(pathname: string): string {
  return pathname.replace(/\/+$/, '').replace(/\/admin$/, '');
}

export type AdminClient = ReturnType<typeof createAdminClient>;

/**
 * Calls the admin API with the bearer token held by the page (none when the host's own guard admits the
 * browser, e.g. by its session cookie). The token travels only in the `Authorization` header, never in a URL.
 */
export function createAdminClient(base: string, token: () => string | null, send: typeof fetch = fetch) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const bearer = token();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await send(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
    const payload: unknown = await response.json().catch(() => null);
    if (response.status === 401 || response.status === 403) {
      throw new RefusedError(response.status, messageOf(payload, response.status));
    }
    if (!response.ok) throw new ApiError(response.status, messageOf(payload, response.status));
    return payload as T;
  }
  return {
    stats: () => call<Stats>('GET', '/stats'),
    handlers: () => call<{ handlers: readonly string[] }>('GET', '/handlers'),
    list: (filter: EventFilter, page: { limit?: number; cursor?: string | null }) =>
      call<EventPage>('GET', `/events${listQuery(filter, page)}`),
    get: (id: string) => call<EventDetail>('GET', `/events/${encodeURIComponent(id)}`),
    replay: (id: string, choice: HandlerChoice) =>
      call<{ queued: number }>('POST', `/events/${encodeURIComponent(id)}/replay`, replayBody(choice)),
    replayMany: (filter: EventFilter, choice: HandlerChoice, dryRun: boolean) =>
      call<{ queued: number; dry_run: boolean }>('POST', '/events/replay', {
        filter: compactFilter(filter),
        ...replayBody(choice),
        dry_run: dryRun,
      }),
  };
}
