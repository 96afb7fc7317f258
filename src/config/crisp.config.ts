import { registerAs } from '@nestjs/config';
import {
  type CrispAdminOptions,
  CrispWebhooksConfigurationError,
  type CrispWebhooksModuleOptions,
} from 'nestjs-crisp-webhooks';
import { type GeneratedHookKey, generatedHookKey, hookKeyFileOf } from './kept-hook-key';

/** The comma-separated values of an environment variable, trimmed, without empty ones. */
const listOf = (name: string) =>
  (process.env[name] ?? '')
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0);

/** `CRISP_WEBSITE_KEYS=website_id:key,website_id:key` as `{ website_id: keys }`; errors never show a key. */
function websiteKeysOf(entries: readonly string[]): Record<string, string[]> {
  const websiteKeys: Record<string, string[]> = {};
  entries.forEach((entry, index) => {
    const [websiteId, key] = entry.split(/:(.*)/s, 2).map((part) => part.trim());
    if (!websiteId || !key) {
      throw new CrispWebhooksConfigurationError(
        `CRISP_WEBSITE_KEYS entry #${index} is not website_id:key. Write comma-separated pairs, ` +
          'e.g. CRISP_WEBSITE_KEYS=<website id>:<random key>,<other website id>:<its key>.',
      );
    }
    (websiteKeys[websiteId] ??= []).push(key);
  });
  return websiteKeys;
}

/**
 * URL keys from `CRISP_WEBHOOK_KEYS` (any website) and `CRISP_WEBSITE_KEYS` (one website each); without
 * any, one is generated once and kept beside the embedded database (see `generatedHookKey`). Signed
 * Plugin Hooks are accepted too when `CRISP_PLUGIN_SECRET` is set, and only the websites of
 * `CRISP_WEBSITES` when it is. Each is comma-separated, so that several values can overlap while
 * rotating. Metrics are on unless `CRISP_METRICS=false`.
 */
export const crispConfig = registerAs('crisp', (): CrispWebhooksModuleOptions & { generated?: GeneratedHookKey } => {
  const keys = listOf('CRISP_WEBHOOK_KEYS');
  const websiteKeys = websiteKeysOf(listOf('CRISP_WEBSITE_KEYS'));
  const websites = listOf('CRISP_WEBSITES');
  const options = {
    websiteKeys,
    pluginSecret: listOf('CRISP_PLUGIN_SECRET'),
    websites: websites.length > 0 ? websites : undefined,
    metrics: process.env.CRISP_METRICS !== 'false',
  };
  if (keys.length > 0 || Object.keys(websiteKeys).length > 0) return { ...options, keys };
  const generated = generatedHookKey(hookKeyFileOf(process.env));
  return { ...options, keys: [generated.key], generated };
});

/**
 * The admin API (`/crisp/hooks/events`, …) when `CRISP_ADMIN_TOKEN` is set (comma-separated to rotate), else off.
 * Read when the app module is defined: the module decides its routes at import.
 */
export function crispAdminOptions(env: NodeJS.ProcessEnv = process.env): CrispAdminOptions | undefined {
  const tokens = (env.CRISP_ADMIN_TOKEN ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
  return tokens.length > 0 ? { token: tokens } : undefined;
}
