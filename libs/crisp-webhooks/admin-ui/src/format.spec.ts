import {
  describeRunHandlers,
  formatDuration,
  formatGap,
  formatTime,
  fromLocalInput,
  prettyJson,
  toLocalInput,
} from './format';

describe('formatting', () => {
  it.each([
    [0, '0 s'],
    [59.9, '59 s'],
    [60, '1 min'],
    [3599, '59 min'],
    [3600, '1 h'],
    [3600 + 5 * 60, '1 h 5 min'],
    [86400 * 2 + 3600 * 4, '2 d 4 h'],
    [86400, '1 d'],
    [-5, '0 s'],
  ])('%s s is %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));

  it('says how long ago or how soon a time is', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(formatTime('2026-12-02T11:58:00Z', now)).toMatch(/\(2 min ago\)$/);
    expect(formatTime('2026-12-02T12:00:30Z', now)).toMatch(/\(in 30 s\)$/);
    expect(formatTime('not a time', now)).toBe('not a time');
  });

  it('turns API times into datetime-local values and back', () => {
    const iso = '2026-12-02T11:58:07.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(toLocalInput(undefined)).toBe('');
    expect(fromLocalInput('')).toBeUndefined();
  });

  it('pretty-prints JSON', () => {
    expect(prettyJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyJson(undefined)).toBe('null');
  });

  it.each([
    [0, '0 ms'],
    [349.6, '350 ms'],
    [999, '999 ms'],
    [1000, '1 s'],
    [125_000, '2 min'],
  ])('a gap of %s ms is %s', (ms, text) => expect(formatGap(ms)).toBe(text));

  it('says what each handler did in a run, the failures first, a given-up handler apart from the retried ones', () => {
    expect(describeRunHandlers({ done: ['A.ok'], failed: ['A.ko', 'A.gone'], dead: ['A.gone'] })).toBe(
      'failed: A.ko; gave up: A.gone; succeeded: A.ok',
    );
    expect(describeRunHandlers({ done: ['A.ok', 'B.ok'], failed: [], dead: [] })).toBe('succeeded: A.ok, B.ok');
    expect(describeRunHandlers({ done: [], failed: [], dead: [] })).toBe('no handler ran');
  });
});
