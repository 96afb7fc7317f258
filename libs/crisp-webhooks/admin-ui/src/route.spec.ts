import { parseRoute, routeHash, type Route } from './route';

describe('routes in the fragment', () => {
  it.each<[string, Route]>([
    ['', { view: 'overview' }],
    ['#/', { view: 'overview' }],
    ['#/nowhere', { view: 'overview' }],
    ['#/events', { view: 'events', filter: {} }],
    ['#/events?status=dead&event=message%3A*', { view: 'events', filter: { status: 'dead', event: 'message:*' } }],
    ['#/events?unhandled=true&limit=9', { view: 'events', filter: { unhandled: true } }],
    ['#/events/42', { view: 'event', id: '42' }],
  ])('%s', (hash, route) => expect(parseRoute(hash)).toEqual(route));

  it('round-trips every route', () => {
    const routes: Route[] = [
      { view: 'overview' },
      { view: 'event', id: '7' },
      { view: 'events', filter: {} },
      {
        view: 'events',
        filter: {
          status: 'invalid',
          event: 'session:*',
          website_id: 'w',
          session_id: 's',
          since: '2026-01-01T00:00:00.000Z',
          until: '2026-01-02T00:00:00.000Z',
          unhandled: true,
        },
      },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('never takes an id that is not a number', () => {
    expect(parseRoute('#/events/1%20OR%201')).toEqual({ view: 'overview' });
  });
});
