import { crispRequestSerializer } from './crisp-request-serializer';

describe('crispRequestSerializer', () => {
  it('redacts the key in the URL and the parsed query, and the signature header, keeping the rest', () => {
    const request = {
      id: 1,
      method: 'POST',
      url: '/crisp/hooks?key=s3cret&x=1',
      query: { key: 's3cret', 'key[]': ['a'], x: '1' },
      headers: { 'x-crisp-signature': 'ab'.repeat(32), 'content-type': 'application/json' },
    };
    expect(crispRequestSerializer(request)).toEqual({
      id: 1,
      method: 'POST',
      url: '/crisp/hooks?key=REDACTED&x=1',
      query: { key: 'REDACTED', 'key[]': 'REDACTED', x: '1' },
      headers: { 'x-crisp-signature': 'REDACTED', 'content-type': 'application/json' },
    });
    expect(request.url).toBe('/crisp/hooks?key=s3cret&x=1');
  });

  it('leaves a request without any of them as it is, raw request included', () => {
    const raw = { socket: 'kept' };
    const request = Object.defineProperty({ url: '/health' }, 'raw', { value: raw, enumerable: false });
    const serialized = crispRequestSerializer(request as { url: string; raw?: unknown });
    expect(serialized).toEqual({ url: '/health' });
    expect(serialized.raw).toBe(raw);
  });
});
