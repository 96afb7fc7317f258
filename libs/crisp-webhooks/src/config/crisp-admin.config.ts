import { ADMIN_TOKEN_TOO_SHORT, ADMIN_WITHOUT_PROTECTION, EMPTY_ENTRY, WRONG_SHAPE } from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispAdminConfig, CrispAdminOptions } from '../interfaces';

/** Shortest admin token accepted: 16 random characters are far beyond guessing over HTTP. */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

const fail = (message: string): never => {
  throw new CrispWebhooksConfigurationError(message);
};

/**
 * Checks the admin options when the module is imported (the routes are decided then): `null` keeps the
 * API off; otherwise it needs a token or the host's own guard. Errors name the option and index, never a token.
 * @internal
 */
export function resolveCrispAdminConfig(admin: CrispAdminOptions | undefined): CrispAdminConfig | null {
  if (admin === undefined) return null;
  if (typeof admin !== 'object' || admin === null) return fail(WRONG_SHAPE('admin', 'an object { token, decorators }'));
  const tokens = admin.token === undefined ? [] : [admin.token].flat();
  tokens.forEach((token, index) => {
    if (typeof token !== 'string' || token.trim() === '') fail(EMPTY_ENTRY('admin.token', index));
    if (token.length < MIN_ADMIN_TOKEN_LENGTH) fail(ADMIN_TOKEN_TOO_SHORT(index, MIN_ADMIN_TOKEN_LENGTH));
  });
  const decorators = admin.decorators ?? [];
  if (!Array.isArray(decorators) || decorators.some((decorator) => typeof decorator !== 'function')) {
    fail(WRONG_SHAPE('admin.decorators', 'a list of class decorators'));
  }
  if (tokens.length === 0 && decorators.length === 0) fail(ADMIN_WITHOUT_PROTECTION());
  return { tokens, decorators };
}
