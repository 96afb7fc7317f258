/** What the example app replies to visitors with, and through which Crisp token, from the environment. */
export interface VisitorRepliesConfig {
  /** The Crisp REST API token; without one, replies are logged instead of sent. */
  readonly api?: { readonly identifier: string; readonly key: string; readonly restHost?: string };
  readonly greetMessage: string;
  /** URL paths whose visit greets the visitor: a path matches itself and what is under it. */
  readonly greetPages: readonly string[];
}

export const DEFAULT_GREET_MESSAGE = 'Hi! Questions about our plans? Ask us here, we answer quickly.';

/**
 * `CRISP_API_IDENTIFIER` and `CRISP_API_KEY` (a plugin token; both or neither), `CRISP_API_URL` (the REST
 * API's base URL, Crisp's own by default), `CRISP_GREET_MESSAGE` and `CRISP_GREET_PAGES` (comma-separated
 * paths, `/pricing` by default).
 */
export function visitorRepliesConfig(env: NodeJS.ProcessEnv = process.env): VisitorRepliesConfig {
  const identifier = env.CRISP_API_IDENTIFIER?.trim();
  const key = env.CRISP_API_KEY?.trim();
  if (Boolean(identifier) !== Boolean(key)) {
    throw new Error(
      `${identifier ? 'CRISP_API_KEY' : 'CRISP_API_IDENTIFIER'} is not set: replies need both halves of the ` +
        'Crisp plugin token (CRISP_API_IDENTIFIER and CRISP_API_KEY), or neither to only log them.',
    );
  }
  const pages = (env.CRISP_GREET_PAGES ?? '/pricing')
    .split(',')
    .map((page) => page.trim())
    .filter((page) => page.length > 0);
  return {
    api: identifier && key ? { identifier, key, restHost: env.CRISP_API_URL?.trim() || undefined } : undefined,
    greetMessage: env.CRISP_GREET_MESSAGE?.trim() || DEFAULT_GREET_MESSAGE,
    greetPages: pages.map((page) => (page === '/' ? page : page.replace(/\/+$/, ''))),
  };
}

/** Whether the page at `url` is one of `pages` or under one of them (`/pricing` matches `/pricing/teams`). */
export function isGreetPage(url: string, pages: readonly string[]): boolean {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  return pages.some((page) => page === '/' || path === page || path.startsWith(`${page}/`));
}
