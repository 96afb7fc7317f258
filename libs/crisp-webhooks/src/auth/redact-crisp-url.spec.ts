import { redactCrispUrl } from './redact-crisp-url';

describe('redactCrispUrl', () => {
  it.each([
    ['/crisp/hooks?key=s3cret', '/crisp/hooks?key=REDACTED'],
    ['/crisp/hooks?a=1&key=s3cret&b=2', '/crisp/hooks?a=1&key=REDACTED&b=2'],
    ['/crisp/hooks?key=one&key=two', '/crisp/hooks?key=REDACTED&key=REDACTED'],
    ['/crisp/hooks?%6Bey=s3cret', '/crisp/hooks?%6Bey=REDACTED'],
    ['/crisp/hooks?KEY=s3cret', '/crisp/hooks?KEY=REDACTED'],
    ['/crisp/hooks?key[]=s3cret&key%5B0%5D=s3cret', '/crisp/hooks?key[]=REDACTED&key%5B0%5D=REDACTED'],
    ['/crisp/hooks?key[a]=s3cret&key.b=s3cret', '/crisp/hooks?key[a]=REDACTED&key.b=REDACTED'],
    ['/crisp/hooks?key', '/crisp/hooks?key=REDACTED'],
    ['/crisp/hooks?key=s3cret#part', '/crisp/hooks?key=REDACTED#part'],
    ['/crisp/hooks?%E0%A4%A=1&key=s3cret', '/crisp/hooks?%E0%A4%A=1&key=REDACTED'],
  ])('%s → %s', (url, redacted) => {
    expect(redactCrispUrl(url)).toBe(redacted);
  });

  it.each(['/crisp/hooks', '/crisp/hooks?', '/crisp/hooks?monkey=1&keys=2&a=key', '/other?x=key%3Dvalue'])(
    'leaves %s as it is',
    (url) => {
      expect(redactCrispUrl(url)).toBe(url);
    },
  );
});
