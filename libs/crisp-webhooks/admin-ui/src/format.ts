/** How long ago, or for how long: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** The time between two runs: `350 ms` below a second, else as `formatDuration` says it. */
export function formatGap(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : formatDuration(ms / 1000);
}

/** What each handler did in one run, in words: those that failed first, then the others. */
export function describeRunHandlers(run: {
  readonly done: readonly string[];
  readonly failed: readonly string[];
  readonly dead: readonly string[];
}): string {
  const retried = run.failed.filter((handler) => !run.dead.includes(handler));
  const parts = [
    retried.length > 0 && `failed: ${retried.join(', ')}`,
    run.dead.length > 0 && `gave up: ${run.dead.join(', ')}`,
    run.done.length > 0 && `succeeded: ${run.done.join(', ')}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length > 0 ? parts.join('; ') : 'no handler ran';
}

/** A time the API gave, as the person's clock reads it, with how long ago it was (or how soon it is). */
export function formatTime(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const local = new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  const delta = (now - at) / 1000;
  return delta >= 0 ? `${local} (${formatDuration(delta)} ago)` : `${local} (in ${formatDuration(-delta)})`;
}

/** An API time as a `datetime-local` input shows it (the person's time zone, to the second). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}

/** A `datetime-local` value as the API takes it (ISO 8601, UTC); empty for none. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/** A payload or an error list as indented JSON text, for a `<pre>` (shown as text, never as markup). */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}
