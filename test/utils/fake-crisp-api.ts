import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as Crisp's REST API would have received it. */
export interface CrispApiRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** How the fake answers one request instead of doing what Crisp would. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly reason: string;
}

const MESSAGE_PATH = /^\/v1\/website\/([^/]+)\/conversation\/([^/]+)\/message(?:\/(\d+))?$/;

/**
 * A real HTTP server standing in for Crisp's REST API (`crisp-api`'s `setRestHost` points at it): it keeps the
 * messages sent into each conversation by fingerprint, answers a look-up by fingerprint (`404` when absent),
 * and records every request. Answers can be scripted one by one, and a hook runs once a message is stored,
 * before its answer leaves (to kill the sender in the window between Crisp's answer and its record).
 */
export class FakeCrispApi {
  readonly requests: CrispApiRequest[] = [];
  /** Messages accepted, by `website_id/session_id/fingerprint`. */
  readonly messages = new Map<string, unknown>();
  private readonly script: ScriptedAnswer[] = [];
  private server?: Server;
  /** Awaited once a message is stored, before it is answered. */
  onStored?: () => Promise<void>;

  /** The URL to pass as `restHost` (or `CRISP_API_URL`). */
  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      request.on('end', () => {
        const body: unknown = raw ? JSON.parse(raw) : undefined;
        const path = request.url ?? '';
        this.requests.push({ method: request.method ?? '', path, headers: request.headers, body });
        const answer = (status: number, reason: string, data: unknown) => {
          response.writeHead(status, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ error: status >= 400, reason, data }));
        };
        const scripted = this.script.shift();
        if (scripted) return answer(scripted.status, scripted.reason, {});
        const match = MESSAGE_PATH.exec(path);
        if (!match) return answer(404, 'not_found', { message: 'the route does not exist' });
        const [, website, session, fingerprint] = match;
        if (request.method === 'GET' && fingerprint) {
          const message = this.messages.get(`${website}/${session}/${fingerprint}`);
          return message ? answer(200, 'resolved', message) : answer(404, 'message_not_found', {});
        }
        if (request.method === 'POST' && !fingerprint) {
          const sent = body as { fingerprint: number };
          this.messages.set(`${website}/${session}/${sent.fingerprint}`, sent);
          void Promise.resolve(this.onStored?.()).then(() =>
            answer(202, 'dispatched', { fingerprint: sent.fingerprint }),
          );
          return;
        }
        return answer(405, 'not_allowed', {});
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next requests get these answers, in order, whatever they ask. */
  answerNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  /** The messages POSTed, in order. */
  posts(): CrispApiRequest[] {
    return this.requests.filter((request) => request.method === 'POST');
  }

  reset(): void {
    this.requests.length = 0;
    this.messages.clear();
    this.script.length = 0;
    this.onStored = undefined;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
