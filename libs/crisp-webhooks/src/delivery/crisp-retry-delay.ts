/**
 * Backoff before retry number `attempt` (1 for the first retry): doubles from `baseDelayMs` up to
 * `maxDelayMs`, then a random part of the second half is dropped ("equal jitter"), so the events
 * that failed together (a dependency that was down) do not all come back at the same instant.
 */
export function retryDelayMs(
  attempt: number,
  { baseDelayMs, maxDelayMs }: { baseDelayMs: number; maxDelayMs: number },
  random: () => number = Math.random,
): number {
  // The exponent is capped so that a huge attempt count cannot make 0 * Infinity = NaN.
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(Math.max(0, attempt - 1), 52));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
