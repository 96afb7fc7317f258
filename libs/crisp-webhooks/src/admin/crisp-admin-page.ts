import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispAdminConfig } from '../interfaces';
import { ADMIN_PAGE_NOT_BUILT } from '../crisp-webhooks.messages';

/**
 * The operator's page may load its own script, style sheet and icon, and call the admin API on the same
 * origin; nothing else: no inline script or style, no other origin, no form submission (the token form is
 * handled by the script, so it can never put the token in a URL), no framing, and Trusted Types so that no
 * string becomes markup.
 * @internal
 */
export const CRISP_ADMIN_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

const SHARED_HEADERS = {
  'Content-Security-Policy': CRISP_ADMIN_PAGE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Headers of the page itself: never cached (a new version of the package names new assets) nor framed.
 * @internal
 */
export const CRISP_ADMIN_PAGE_HEADERS: Readonly<Record<string, string>> = {
  ...SHARED_HEADERS,
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
};

/**
 * Headers of an asset: its name holds its content hash, so the browser keeps it; `private`, as a host's own
 * guard may stand before it.
 * @internal
 */
export const CRISP_ADMIN_ASSET_HEADERS: Readonly<Record<string, string>> = {
  ...SHARED_HEADERS,
  'Cache-Control': 'private, max-age=31536000, immutable',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** One file of the page's build. @internal */
export interface CrispAdminAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/**
 * How the page gets its credentials: `token`, it asks for the admin token (a host's guard may stand before the
 * API as well, and admit the browser first); `host`, the host's own guard alone decides (`admin.decorators`
 * without a `token`), so the page asks for nothing and, when refused, says to sign in to the application.
 * @internal
 */
export type CrispAdminSignIn = 'token' | 'host';

/** The page's sign-in for an admin configuration: a token form only where a token can be accepted. @internal */
export const crispAdminSignIn = (config: Pick<CrispAdminConfig, 'tokens'>): CrispAdminSignIn =>
  config.tokens.length > 0 ? 'token' : 'host';

/** The page's build, read once: its HTML and the assets it names, by file name. @internal */
export interface CrispAdminPage {
  /**
   * The HTML, naming its assets under `assetsPath` (the path the browser asked for, plus `/assets`), and telling
   * the script how to sign in.
   */
  html(assetsPath: string, signIn: CrispAdminSignIn): string;
  asset(name: string): CrispAdminAsset | undefined;
}

/** The build's folder inside the package (`dist/admin-ui`, beside `dist/admin`). @internal */
export const CRISP_ADMIN_PAGE_FOLDER = join(__dirname, '..', 'admin-ui');

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Where the page's assets are for the browser, from the path it asked the page at: the same path with
 * `/assets`, so the page works under any host prefix (global prefix, proxy path) without being told it.
 * @internal
 */
export function crispAdminAssetsPath(requestUrl: string): string {
  const path = requestUrl.split(/[?#]/, 1)[0]!.replace(/\/+$/, '');
  return `${path}/assets`;
}

/**
 * Reads the page's build into memory. Only the files the build wrote are ever served, by exact name, so no
 * request path reaches the file system. Fails, saying how to fix it, when the build is missing.
 * @internal
 */
export function readCrispAdminPage(folder: string = CRISP_ADMIN_PAGE_FOLDER): CrispAdminPage {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    throw new CrispWebhooksConfigurationError(ADMIN_PAGE_NOT_BUILT(folder));
  }
  if (!names.includes('index.html')) throw new CrispWebhooksConfigurationError(ADMIN_PAGE_NOT_BUILT(folder));
  const template = readFileSync(join(folder, 'index.html'), 'utf8');
  const assets = new Map<string, CrispAdminAsset>();
  for (const name of names) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) assets.set(name, { body: readFileSync(join(folder, name)), contentType });
  }
  return {
    html: (assetsPath, signIn) =>
      template.replaceAll('%ASSETS%', escapeAttribute(assetsPath)).replaceAll('%SIGN_IN%', signIn),
    asset: (name) => assets.get(name),
  };
}
