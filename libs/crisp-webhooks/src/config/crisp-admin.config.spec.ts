import { UseGuards } from '@nestjs/common';
import { CrispWebhooksConfigurationError } from '../errors';
import { resolveCrispAdminConfig } from './crisp-admin.config';

const TOKEN = 'a-long-random-admin-token';

describe('resolveCrispAdminConfig', () => {
  it('keeps the API off without the option', () => expect(resolveCrispAdminConfig(undefined)).toBeNull());

  it('takes one token or several, and the host decorators', () => {
    const guard = UseGuards(class {});
    expect(resolveCrispAdminConfig({ token: TOKEN })).toEqual({ tokens: [TOKEN], decorators: [] });
    expect(resolveCrispAdminConfig({ token: [TOKEN, `${TOKEN}-next`], decorators: [guard] })).toEqual({
      tokens: [TOKEN, `${TOKEN}-next`],
      decorators: [guard],
    });
    expect(resolveCrispAdminConfig({ decorators: [guard] })).toEqual({ tokens: [], decorators: [guard] });
  });

  it.each([
    [{}, /needs a token .* or your own guard/],
    [{ token: [] }, /needs a token/],
    [{ token: '' }, /admin.token #0 is empty/],
    [{ token: [TOKEN, 'short'] }, /admin.token #1 is shorter than 16 characters/],
    [{ token: TOKEN, decorators: 'guard' }, /admin.decorators must be a list of class decorators/],
    ['on', /admin must be an object/],
  ])('refuses %p at start-up, saying how to fix it', (admin, message) => {
    const attempt = () => resolveCrispAdminConfig(admin as never);
    expect(attempt).toThrow(CrispWebhooksConfigurationError);
    expect(attempt).toThrow(message);
  });

  it('never shows a token in an error', () => {
    expect(() => resolveCrispAdminConfig({ token: 'secret-but-short'.slice(0, 12) })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-but') }),
    );
  });
});
