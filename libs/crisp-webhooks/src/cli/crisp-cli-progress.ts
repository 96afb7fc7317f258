import { Presets, SingleBar } from 'cli-progress';

/** How a long command reports its way, batch by batch. @internal */
export interface CrispCliProgress {
  /** `count` more done (a batch's rows). */
  advance(count: number): void;
  /** The work is over; clears the bar. */
  stop(): void;
}

/**
 * A progress bar of `total` on a terminal; elsewhere (a pipe, a log file, CI) one plain line per batch, which
 * a log keeps readable where a redrawn bar would fill it with escape codes. Always on stderr, so the answer on
 * stdout (and `--json`) stays clean.
 * @internal
 */
export function crispCliProgress(
  label: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): CrispCliProgress {
  let done = 0;
  if (!stream.isTTY) {
    return {
      advance(count) {
        done += count;
        stream.write(`${label}: ${done}/${Math.max(total, done)}\n`);
      },
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    { format: `${label} [{bar}] {value}/{total} {percentage}% {eta_formatted}`, stream, clearOnComplete: true },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    advance(count) {
      done += count;
      // Rows stored since the count came in may be part of the work too.
      if (done > total) bar.setTotal(done);
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
}
