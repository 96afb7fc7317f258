import { createHmac } from 'node:crypto';
import { crispSignatureOf, signatureBytesOf, timestampDistanceSeconds } from './crisp-signature';

describe('crispSignatureOf', () => {
  it('is the HMAC-SHA256 of "[timestamp;body]" over the body bytes, the timestamp taken verbatim', () => {
    const body = Buffer.from('{"a":"é"}');
    const expected = createHmac('sha256', 's')
      .update(Buffer.concat([Buffer.from('[ 17;'), body, Buffer.from(']')]))
      .digest();
    expect(crispSignatureOf('s', ' 17', body)).toEqual(expected);
  });
});

describe('signatureBytesOf', () => {
  it('decodes 64 hex characters of either case', () => {
    expect(signatureBytesOf('Ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
  });

  it.each([undefined, '', 'ab'.repeat(31), 'ab'.repeat(33), `${'ab'.repeat(31)}zz`, ` ${'ab'.repeat(32)}`, ['ab']])(
    'refuses %p',
    (header) => {
      expect(signatureBytesOf(header)).toBeNull();
    },
  );
});

describe('timestampDistanceSeconds', () => {
  const now = 1_700_000_000_000;
  it.each([
    ['milliseconds', String(now - 5_000), 5],
    ['seconds', String(now / 1000 + 7), 7],
    ['the smallest milliseconds value, 10^11', '100000000000', (now - 1e11) / 1000],
  ])('reads %s', (_label, header, distance) => {
    expect(timestampDistanceSeconds(header, now)).toBe(distance);
  });

  it.each(['', 'now', '-5', '1.5', '1e12', '12345678901234567'])('is null for %p', (header) => {
    expect(timestampDistanceSeconds(header, now)).toBeNull();
  });
});
