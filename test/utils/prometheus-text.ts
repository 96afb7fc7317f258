/**
 * The sum of the samples of `name` whose labels include every one of `labels`, in a Prometheus text
 * exposition; `0` when there is none (a counter not yet incremented has no sample).
 */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([label, value]) => found[label] === value)) sum += Number(match[3]);
  }
  return sum;
}

/** Whether the exposition has at least one sample of `name`. */
export const hasMetric = (text: string, name: string): boolean =>
  text.split('\n').some((line) => line.startsWith(`${name} `) || line.startsWith(`${name}{`));
