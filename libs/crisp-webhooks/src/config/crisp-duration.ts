/**
 * A length of time written as a whole number and a unit: `'30d'` (days), `'12h'`, `'15m'`, `'45s'`, as in
 * the `retention` options and the CLI's `--older-than`.
 * @publicApi
 */
export type CrispDuration = `${number}${'d' | 'h' | 'm' | 's'}`;

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 } as const;

/** The milliseconds of a `CrispDuration`, or `undefined` when `value` is not one (so callers word their own error). */
export function crispDurationMs(value: unknown): number | undefined {
  const match = typeof value === 'string' ? /^(\d{1,9})([dhms])$/.exec(value.trim()) : null;
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : undefined;
}
