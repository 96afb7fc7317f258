import { crispEvent } from 'nestjs-crisp-webhooks/testing';

/** How one request of a load run ended. */
export interface HookResult {
  readonly index: number;
  /** HTTP status, or 0 when the request got no answer (connection refused or reset). */
  readonly status: number;
  readonly id?: string;
  readonly retryAfter?: string | null;
  readonly ms: number;
}

/** `count` distinct message:send hooks (distinct fingerprints, so no two are duplicates). */
export function distinctHooks(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      crispEvent('message:send', {
        data: { fingerprint: 1_000_000 + offset + i, content: `load message ${offset + i}` },
        timestamp: 1_700_000_000_000 + offset + i,
      }),
    ),
  );
}

/**
 * POSTs `bodies` to `url` with at most `concurrency` requests in flight; `onAnswer` may act
 * mid-load (cut the database, kill the app). Bounded by count and by a per-request timeout.
 */
export async function sendHooks(
  url: string,
  bodies: readonly string[],
  { concurrency = 20, onAnswer }: { concurrency?: number; onAnswer?: (done: number) => void } = {},
): Promise<HookResult[]> {
  const results: HookResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      const started = performance.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodies[index],
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await response.json().catch(() => ({}))) as { id?: string };
        results.push({
          index,
          status: response.status,
          id: body.id,
          retryAfter: response.headers.get('retry-after'),
          ms: performance.now() - started,
        });
      } catch {
        results.push({ index, status: 0, ms: performance.now() - started });
      }
      onAnswer?.(results.length);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results.sort((a, b) => a.index - b.index);
}
