import { CrispWebhooksConfigurationError } from '../errors';
import { resolveCrispApiConfig } from './crisp-api.config';

const token = { identifier: 'token-identifier', key: 'secret-key-5f3a' };

describe('resolveCrispApiConfig', () => {
  it("defaults to a plugin token on Crisp's own REST API", () => {
    expect(resolveCrispApiConfig(token)).toEqual({ ...token, tier: 'plugin', restHost: 'https://api.crisp.chat' });
  });

  it('keeps the tier and a REST host (a proxy path included), without trailing slashes', () => {
    expect(resolveCrispApiConfig({ ...token, tier: 'website', restHost: 'http://127.0.0.1:4567/crisp//' })).toEqual({
      ...token,
      tier: 'website',
      restHost: 'http://127.0.0.1:4567/crisp',
    });
  });

  it.each([
    [{ identifier: '' }, /identifier is missing or empty/],
    [{ key: '  ' }, /key is missing or empty/],
    [{ key: undefined }, /key is missing or empty/],
    [{ tier: 'admin' }, /tier must be 'plugin', 'website' or 'user', got admin/],
    [{ restHost: 'api.crisp.chat' }, /restHost .* not an absolute URL/],
    [{ restHost: 'ftp://api.crisp.chat' }, /restHost .* scheme is ftp:/],
    [{ restHost: 'https://u:secret-key-5f3a@proxy.example' }, /restHost .* holds credentials/],
    [{ restHost: 'https://proxy.example/?token=1' }, /restHost .* a query or a fragment/],
  ])('refuses %p, saying what to fix and never showing the key', (override, message) => {
    const resolve = () => resolveCrispApiConfig({ ...token, ...override } as never);
    expect(resolve).toThrow(CrispWebhooksConfigurationError);
    expect(resolve).toThrow(message);
    expect(resolve).not.toThrow(/secret-key-5f3a/);
  });
});
