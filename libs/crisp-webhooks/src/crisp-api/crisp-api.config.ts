import type { Provider } from '@nestjs/common';
import { CRISP_API_CONFIG, CRISP_API_MODULE_OPTIONS, DEFAULT_CRISP_API_REST_HOST } from './crisp-api.constants';
import type { CrispApiConfig, CrispApiModuleOptions, CrispApiTier } from './crisp-api-module-options.interface';
import { BAD_CRISP_API_REST_HOST, BAD_CRISP_API_TIER, MISSING_CRISP_API_TOKEN } from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';

const TIERS: readonly CrispApiTier[] = ['plugin', 'website', 'user'];

/**
 * The REST host as `crisp-api` wants it (it appends `/v1/...`, so no trailing slash), or why it cannot be one.
 * The value itself is never repeated: a URL may carry credentials.
 */
function restHostOf(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new CrispWebhooksConfigurationError(BAD_CRISP_API_REST_HOST('it is not an absolute URL'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CrispWebhooksConfigurationError(
      BAD_CRISP_API_REST_HOST(`its scheme is ${url.protocol} instead of https:`),
    );
  }
  if (url.username || url.password) {
    throw new CrispWebhooksConfigurationError(
      BAD_CRISP_API_REST_HOST('it holds credentials, which belong in identifier and key'),
    );
  }
  if (url.search || url.hash) {
    throw new CrispWebhooksConfigurationError(BAD_CRISP_API_REST_HOST('it has a query or a fragment'));
  }
  return url.toString().replace(/\/+$/, '');
}

/** Applies the defaults and checks the options once, so a mistake stops the app at start-up. @internal */
export function resolveCrispApiConfig(options: CrispApiModuleOptions): CrispApiConfig {
  for (const option of ['identifier', 'key'] as const) {
    const value: unknown = options[option];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new CrispWebhooksConfigurationError(MISSING_CRISP_API_TOKEN(option));
    }
  }
  const tier = options.tier ?? 'plugin';
  if (!TIERS.includes(tier)) throw new CrispWebhooksConfigurationError(BAD_CRISP_API_TIER(tier));
  return {
    identifier: options.identifier,
    key: options.key,
    tier,
    restHost: restHostOf(options.restHost ?? DEFAULT_CRISP_API_REST_HOST),
  };
}

/** @internal */
export const crispApiConfigProvider: Provider = {
  provide: CRISP_API_CONFIG,
  useFactory: resolveCrispApiConfig,
  inject: [CRISP_API_MODULE_OPTIONS],
};
