import { describeError } from './describe-error';

describe('describeError', () => {
  it("says an Error's message", () => {
    expect(describeError(new Error('crm down'))).toBe('crm down');
    expect(describeError(new TypeError('not a function'))).toBe('not a function');
  });

  it('says the message of an error-like object thrown by another realm or library', () => {
    expect(describeError({ message: 'from a worker thread', code: 'E1' })).toBe('from a worker thread');
  });

  it('turns anything else thrown into text', () => {
    expect(describeError('plain string')).toBe('plain string');
    expect(describeError(undefined)).toBe('undefined');
    expect(describeError(null)).toBe('null');
    expect(describeError(42)).toBe('42');
    expect(describeError({ code: 'E1' })).toBe('[object Object]');
  });
});
