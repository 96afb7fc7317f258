import { bearerTokenOf } from './crisp-admin-auth.guard';
import { crispErasureOf, crispListQueryOf, crispReplayManyOf, crispReplayOneOf } from './crisp-admin-request';

const KNOWN = ['A.one', 'B.two'];

describe('admin requests', () => {
  it('reads a list query: lists comma-separated or repeated, dates, booleans, limit and cursor', () => {
    expect(
      crispListQueryOf({
        status: 'dead,failed',
        event: ['message:send', 'session:*'],
        website_id: 'w',
        session_id: 's',
        since: '2026-01-01T00:00:00Z',
        until: '1767225600000',
        unhandled: 'true',
        limit: '20',
        cursor: 'c',
      }),
    ).toEqual({
      status: ['dead', 'failed'],
      event: ['message:send', 'session:*'],
      websiteId: 'w',
      sessionId: 's',
      since: new Date('2026-01-01T00:00:00Z'),
      until: new Date(1767225600000),
      unhandled: true,
      limit: 20,
      cursor: 'c',
    });
  });

  it.each([{ stauts: 'dead' }, { since: 'yesterday' }, { limit: '-1' }, { unhandled: 'maybe' }, { website_id: '' }])(
    'refuses the query %p',
    (query) => expect(() => crispListQueryOf(query)).toThrow(RangeError),
  );

  it('reads replay bodies, checking handler names against the registered ones', () => {
    expect(crispReplayOneOf(undefined, KNOWN)).toEqual({});
    expect(crispReplayOneOf({ handlers: ['A.one'] }, KNOWN)).toEqual({ handlers: ['A.one'] });
    expect(crispReplayManyOf({ filter: { status: 'dead' }, all: true, dry_run: true }, KNOWN)).toEqual({
      filter: { status: ['dead'] },
      options: { all: true, dryRun: true },
    });
    expect(() => crispReplayOneOf({ handlers: ['C.three'] }, KNOWN)).toThrow(/No handler is named C.three/);
    expect(() => crispReplayOneOf({ all: true, handlers: ['A.one'] }, KNOWN)).toThrow(/not both/);
    expect(() => crispReplayManyOf({ status: 'dead' }, KNOWN)).toThrow(/filter \{\} selects every event/);
    expect(() => crispReplayManyOf({ filter: { stauts: 'dead' } }, KNOWN)).toThrow(/no field stauts/);
  });

  it('erases by exactly one of session_id and email', () => {
    expect(crispErasureOf({ session_id: 's' })).toEqual({ sessionId: 's' });
    expect(crispErasureOf({ email: 'a@b.c' })).toEqual({ email: 'a@b.c' });
    expect(() => crispErasureOf({})).toThrow(RangeError);
    expect(() => crispErasureOf({ session_id: 's', email: 'a@b.c' })).toThrow(RangeError);
  });

  it('reads a bearer token, in any case of the scheme, and nothing else', () => {
    expect(bearerTokenOf('Bearer abc')).toBe('abc');
    expect(bearerTokenOf('bearer  abc ')).toBe('abc');
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'Bearerabc']) {
      expect(bearerTokenOf(header)).toBeUndefined();
    }
  });
});
