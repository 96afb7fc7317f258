import type { Command } from 'commander';
import { type CrispCliDatabase, openCrispCliDatabase } from './crisp-cli-data-source';

/** Where a run of the CLI writes, and what it ends with. @internal */
export interface CrispCliRun {
  /** The answer: a table, or JSON with `--json`. */
  readonly out: NodeJS.WriteStream;
  /** Progress, warnings and errors. */
  readonly err: NodeJS.WriteStream;
  readonly cwd: string;
  readonly now: () => number;
  /** The process's exit code once the command is over; a command sets it when it did not do what was asked. */
  exitCode: number;
}

/** Writes `value` as the admin API would answer it, for machines (`--json`). @internal */
export const writeCrispCliJson = (run: CrispCliRun, value: unknown): void => {
  run.out.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Runs `work` on the database of the `-d` file, and closes it whatever happens. @internal */
export async function withCrispCliDatabase<T>(
  run: CrispCliRun,
  command: Command,
  work: (database: CrispCliDatabase) => Promise<T>,
): Promise<T> {
  const database = await openCrispCliDatabase(
    (command.optsWithGlobals() as { dataSource: string }).dataSource,
    run.cwd,
  );
  try {
    return await work(database);
  } finally {
    await database.dataSource.destroy();
  }
}
