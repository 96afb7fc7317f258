import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DEFAULT_CRISP_WEBHOOKS_PATH } from '../crisp-webhooks.constants';
import type { CrispEventEnvelope } from './crisp-event.factory';
import { crispSignatureHeaders } from './crisp-signature-headers';

/** How {@link postCrispHook} authenticates and where it posts. @publicApi */
export interface PostCrispHookOptions {
  /** Sent as `?key=`, as Crisp sends a Website Hook's URL key. */
  readonly key?: string;
  /** Signs the body as Crisp signs a Plugin Hook (`X-Crisp-Signature`, `X-Crisp-Request-Timestamp`). */
  readonly pluginSecret?: string;
  /** The route, with the app's global prefix if it has one; `'/crisp/hooks'` by default. */
  readonly path?: string;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The app's answer to a posted hook. @publicApi */
export interface CrispHookResponse {
  /** The HTTP status: `200` for a stored hook, `401`/`403` for a refused credential, and so on. */
  readonly status: number;
  /** The answer's headers. */
  readonly headers: Headers;
  /** The answer parsed as JSON, or its text when it is not JSON. */
  readonly body: unknown;
}

/**
 * Posts a hook to a Nest app under test as Crisp would: JSON, with its URL key or its plugin signature. The app
 * needs `init()` only; when its HTTP server is not listening yet, it listens on a free port of 127.0.0.1 for the
 * request and is closed again.
 *
 * @example
 * ```ts
 * const answer = await postCrispHook(app, crispEvent('message:send'), { key: 'test-key' });
 * expect(answer.status).toBe(200);
 * ```
 *
 * @publicApi
 */
export async function postCrispHook(
  app: { getHttpServer(): unknown },
  hook: CrispEventEnvelope | string | Buffer,
  options: PostCrispHookOptions = {},
): Promise<CrispHookResponse> {
  const server = app.getHttpServer() as Server;
  const opened = !server.listening;
  if (opened) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const body = typeof hook === 'string' || Buffer.isBuffer(hook) ? hook : JSON.stringify(hook);
    const { port } = server.address() as AddressInfo;
    const path = options.path ?? `/${DEFAULT_CRISP_WEBHOOKS_PATH}`;
    const url = new URL(path, `http://127.0.0.1:${port}`);
    if (options.key !== undefined) url.searchParams.set('key', options.key);
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(options.pluginSecret === undefined ? {} : crispSignatureHeaders(options.pluginSecret, body)),
        ...options.headers,
      },
      body,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: parseJson(text) };
  } finally {
    if (opened) await new Promise((resolve) => server.close(resolve));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
