import { hasDrained, hasSettled } from './replay-progress';

describe('following a replay', () => {
  it.each([
    ['received', false],
    ['processed', true],
    ['failed', true],
    ['dead', true],
    ['invalid', true],
  ] as const)('an event %s has settled: %s', (status, settled) => expect(hasSettled({ status })).toBe(settled));

  it('a bulk replay has drained once nothing is due', () => {
    expect(hasDrained({ due: 3 })).toBe(false);
    expect(hasDrained({ due: 0 })).toBe(true);
  });
});
