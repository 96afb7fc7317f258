import { DEFAULT_GREET_MESSAGE, isGreetPage, visitorRepliesConfig } from './visitor-replies.config';

describe('visitorRepliesConfig (example app)', () => {
  it('logs replies instead of sending them without a token, greeting on /pricing', () => {
    expect(visitorRepliesConfig({})).toEqual({
      api: undefined,
      greetMessage: DEFAULT_GREET_MESSAGE,
      greetPages: ['/pricing'],
    });
  });

  it('reads the token, the REST URL, the message and the pages', () => {
    expect(
      visitorRepliesConfig({
        CRISP_API_IDENTIFIER: ' id ',
        CRISP_API_KEY: 'secret-key-1f2e',
        CRISP_API_URL: 'http://127.0.0.1:9999',
        CRISP_GREET_MESSAGE: 'Hello',
        CRISP_GREET_PAGES: '/pricing/, /plans,',
      }),
    ).toEqual({
      api: { identifier: 'id', key: 'secret-key-1f2e', restHost: 'http://127.0.0.1:9999' },
      greetMessage: 'Hello',
      greetPages: ['/pricing', '/plans'],
    });
  });

  it.each([
    [{ CRISP_API_IDENTIFIER: 'id' }, /CRISP_API_KEY is not set/],
    [{ CRISP_API_KEY: 'secret-key-1f2e' }, /CRISP_API_IDENTIFIER is not set/],
  ])('refuses half a token (%p) without showing the key', (env, message) => {
    expect(() => visitorRepliesConfig(env)).toThrow(message);
    expect(() => visitorRepliesConfig(env)).not.toThrow(/secret-key-1f2e/);
  });
});

describe('isGreetPage', () => {
  it.each([
    ['https://www.example.com/pricing', true],
    ['https://www.example.com/pricing/teams?ref=x', true],
    ['https://www.example.com/pricing-old', false],
    ['https://www.example.com/blog/pricing', false],
    ['not a url', false],
  ])('%s → %s for /pricing', (url, expected) => {
    expect(isGreetPage(url, ['/pricing'])).toBe(expected);
  });
});
