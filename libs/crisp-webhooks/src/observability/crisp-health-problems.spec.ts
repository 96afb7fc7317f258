import { crispHealthProblems } from './crisp-health-problems';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000);
const snapshot = {
  due: 10,
  failed: 2,
  dead: 0,
  oldestUnfinishedAgeSeconds: 30,
  websites: [
    { websiteId: 'busy', lastDeliveryAt: ago(5) },
    { websiteId: 'quiet', lastDeliveryAt: ago(7200) },
  ],
};
const bounds = { maxBacklog: 100, maxBacklogAgeSeconds: 600, maxDead: 0, silenceSeconds: 3600 };

describe('crispHealthProblems', () => {
  it('reports a website silent for longer than silenceSeconds, and nothing within the bounds', () => {
    expect(crispHealthProblems(snapshot, bounds, null, NOW)).toEqual({
      problems: [
        '1 website(s) sent nothing for more than silenceSeconds 3600: check that their hook is still active in Crisp',
      ],
      silent: [{ website_id: 'quiet', last_delivery_at: '2026-12-01T10:00:00.000Z' }],
    });
  });

  it('checks only the websites served when there is an allow-list, and no silence with null', () => {
    expect(crispHealthProblems(snapshot, bounds, ['busy'], NOW)).toEqual({ problems: [], silent: [] });
    expect(crispHealthProblems(snapshot, { ...bounds, silenceSeconds: null }, null, NOW).silent).toEqual([]);
  });

  it('reports a backlog, an old unfinished event and dead events past their bounds', () => {
    const busy = { ...snapshot, due: 101, dead: 1, oldestUnfinishedAgeSeconds: 601.4, websites: [] };
    expect(crispHealthProblems(busy, bounds, null, NOW).problems).toEqual([
      '101 events due for their handlers, more than maxBacklog 100',
      'the oldest unfinished event is 601 s old, more than maxBacklogAgeSeconds 600',
      '1 dead events, more than maxDead 0: replay or prune them',
    ]);
  });

  it('does not check a bound set to null, nor the age when nothing is unfinished', () => {
    const busy = { ...snapshot, due: 101, dead: 1, oldestUnfinishedAgeSeconds: null, websites: [] };
    const off = { maxBacklog: null, maxBacklogAgeSeconds: 1, maxDead: null, silenceSeconds: null };
    expect(crispHealthProblems(busy, off, null, NOW).problems).toEqual([]);
  });
});
