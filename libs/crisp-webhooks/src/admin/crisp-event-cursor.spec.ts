import { decodeCrispEventCursor, encodeCrispEventCursor } from './crisp-event-cursor';

describe('event cursors', () => {
  it('resumes after the id it was made from', () => {
    for (const id of ['1', '42', '9223372036854775807'])
      expect(decodeCrispEventCursor(encodeCrispEventCursor(id))).toBe(id);
  });

  it.each([
    '',
    'abc',
    Buffer.from('e1:0').toString('base64url'),
    Buffer.from('e1:12x').toString('base64url'),
    'ZTE6MTI=',
  ])('refuses %p, which no listing gave', (cursor) => expect(() => decodeCrispEventCursor(cursor)).toThrow(RangeError));
});
