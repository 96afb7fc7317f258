import { crispDurationMs } from './crisp-duration';

describe('crispDurationMs', () => {
  it('reads a whole number of days, hours, minutes or seconds', () => {
    expect(crispDurationMs('30d')).toBe(30 * 86_400_000);
    expect(crispDurationMs('12h')).toBe(12 * 3_600_000);
    expect(crispDurationMs('15m')).toBe(15 * 60_000);
    expect(crispDurationMs(' 45s ')).toBe(45_000);
    expect(crispDurationMs('0d')).toBe(0);
  });

  it.each([['30'], ['1.5d'], ['-1d'], ['d'], ['30 days'], ['1w'], [''], [30], [null], [undefined], ['9999999999d']])(
    'refuses %p',
    (value) => expect(crispDurationMs(value)).toBeUndefined(),
  );
});
