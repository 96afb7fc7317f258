import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { CrispCliUsageError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './crisp-cli.error';
import type { CrispCliRun } from './crisp-cli.context';
import { DEFAULT_DATA_SOURCE_FILE } from './crisp-cli-data-source';
import { addCrispCliEraseCommand } from './crisp-cli-erase.command';
import { addCrispCliEventsCommands } from './crisp-cli-events.command';
import { addCrispCliPruneCommand } from './crisp-cli-prune.command';
import { addCrispCliReplayCommand } from './crisp-cli-replay.command';
import { addCrispCliSendCommand } from './crisp-cli-send.command';

/** The package's own manifest, beside `dist/` in the build and in the tarball. */
const { version } = createRequire(__filename)('../../package.json') as { version: string };

function program(run: CrispCliRun): Command {
  const root = new Command('crisp-webhooks')
    .description(
      'Operate the Crisp hooks nestjs-crisp-webhooks stored: list, show, replay, prune and erase them on the ' +
        'database of a TypeORM DataSource file (the app may be down), and send sample hooks to a running app.',
    )
    .version(version)
    .option('-d, --dataSource <file>', 'the DataSource file the TypeORM CLI uses', DEFAULT_DATA_SOURCE_FILE)
    // Set before the commands are added, which inherit them: errors are thrown here, and all output goes to `run`.
    .exitOverride()
    .configureOutput({ writeOut: (text) => run.out.write(text), writeErr: (text) => run.err.write(text) })
    .showHelpAfterError('(add --help for usage)');
  addCrispCliSendCommand(root, run);
  addCrispCliEventsCommands(root, run);
  addCrispCliReplayCommand(root, run);
  addCrispCliPruneCommand(root, run);
  addCrispCliEraseCommand(root, run);
  return root;
}

/**
 * Runs the CLI on `argv` (as `process.argv`) and answers its exit code: 0 done, 1 the operation failed, 2 a
 * usage error. An error is printed as its message alone: a stack trace tells the person at the terminal nothing
 * they can act on.
 * @internal
 */
export async function runCrispCli(argv: readonly string[], run: CrispCliRun): Promise<number> {
  try {
    await program(run).parseAsync(argv);
    return run.exitCode;
  } catch (error) {
    // Commander printed its own message (an unknown option, a missing argument) or the help.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const usage = error instanceof CrispCliUsageError || error instanceof RangeError;
    run.err.write(`error: ${(error as Error).message}\n`);
    return usage ? EXIT_USAGE : EXIT_FAILED;
  }
}
