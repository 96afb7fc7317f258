import { crispCliFilterOf, crispCliListQueryOf, isNarrowing } from './crisp-cli-filter';

describe('the CLI’s filters', () => {
  it('reads the admin API’s filters from the options, lists repeated or comma-separated', () => {
    expect(
      crispCliFilterOf({
        status: ['dead,failed', 'invalid'],
        event: ['message:*'],
        website: 'w',
        session: 's',
        since: '2026-01-01T00:00:00Z',
        until: '1767225600000',
        unhandled: true,
      }),
    ).toEqual({
      status: ['dead', 'failed', 'invalid'],
      event: ['message:*'],
      websiteId: 'w',
      sessionId: 's',
      since: new Date('2026-01-01T00:00:00Z'),
      until: new Date(1767225600000),
      unhandled: true,
    });
    expect(crispCliFilterOf({})).toEqual({});
  });

  it('adds the limit and the cursor of a page', () => {
    expect(crispCliListQueryOf({ limit: '10', cursor: 'abc', status: ['dead'] })).toEqual({
      status: ['dead'],
      limit: 10,
      cursor: 'abc',
    });
    expect(() => crispCliListQueryOf({ limit: 'ten' })).toThrow('limit must be a whole number.');
  });

  it('refuses a date it cannot read', () => {
    expect(() => crispCliFilterOf({ since: 'yesterday' })).toThrow(RangeError);
  });

  it('tells a filter that narrows from one that selects every event', () => {
    expect(isNarrowing({})).toBe(false);
    expect(isNarrowing({ status: ['dead'] })).toBe(true);
  });
});
