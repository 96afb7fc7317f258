import type { EventFilter } from './api';

/**
 * Where the person is in the page, kept in the URL's fragment: the fragment never reaches the server, so a
 * reload or a shared link keeps the view and its filters (never the token, which is no part of any URL).
 */
export type Route =
  | { readonly view: 'overview' }
  | { readonly view: 'events'; readonly filter: EventFilter }
  | { readonly view: 'event'; readonly id: string };

const FILTER_FIELDS = ['status', 'event', 'website_id', 'session_id', 'since', 'until'] as const;

/** The route a fragment (`#/events?status=dead`, `#/events/42`, anything else: the overview) names. */
export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const event = /^\/events\/(\d+)$/.exec(path);
  if (event) return { view: 'event', id: event[1]! };
  if (path !== '/events') return { view: 'overview' };
  const params = new URLSearchParams(query);
  const filter: Record<string, string | boolean> = {};
  for (const field of FILTER_FIELDS) {
    const value = params.get(field);
    if (value) filter[field] = value;
  }
  if (params.get('unhandled') === 'true') filter.unhandled = true;
  return { view: 'events', filter };
}

/** The fragment of a route; `parseRoute(routeHash(route))` gives the route back. */
export function routeHash(route: Route): string {
  if (route.view === 'overview') return '#/';
  if (route.view === 'event') return `#/events/${route.id}`;
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = route.filter[field];
    if (value) params.set(field, value);
  }
  if (route.filter.unhandled) params.set('unhandled', 'true');
  const query = params.toString();
  return query ? `#/events?${query}` : '#/events';
}
