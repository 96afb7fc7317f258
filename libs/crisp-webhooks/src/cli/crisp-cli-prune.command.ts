import type { Command } from 'commander';
import { CrispWebhookRetention, type CrispPruneSelection } from '../admin/crisp-webhook-retention';
import type { CrispDuration } from '../config/crisp-duration';
import { type CrispCliRun, withCrispCliDatabase, writeCrispCliJson } from './crisp-cli.context';
import { addCrispCliFilterOptions, type CrispCliFilterOptions, crispCliFilterOf } from './crisp-cli-filter';
import { CrispCliUsageError } from './crisp-cli.error';
import { crispCliProgress } from './crisp-cli-progress';

type PruneOptions = CrispCliFilterOptions & {
  readonly olderThan: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
};

/** `--older-than`: a duration (`30d`), or a date (`2026-01-01`) for a cutoff that does not move while it runs. */
function olderThanOf(text: string): CrispDuration | Date {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return text as CrispDuration;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) {
    throw new CrispCliUsageError(`--older-than ${text} is no date: give one as 2026-01-31, or a duration (30d).`);
  }
  return date;
}

/**
 * `prune --older-than 30d [filters]`: deletes old stored events in batches, as retention does, with a progress
 * bar sized by a count first. Without `--status`, finished events only (an unfinished one still has handlers
 * to run).
 * @internal
 */
export function addCrispCliPruneCommand(program: Command, run: CrispCliRun): void {
  addCrispCliFilterOptions(
    program
      .command('prune')
      .description('delete stored events older than an age, in batches (finished ones only unless --status says)'),
    { unhandled: false },
  )
    .requiredOption('--older-than <age>', 'a duration (30d, 12h, 90m) or a date (2026-01-01)')
    .option('--dry-run', 'count what would be deleted, change nothing')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: PruneOptions, command: Command) => {
      const selection: CrispPruneSelection = {
        olderThan: olderThanOf(options.olderThan),
        filter: crispCliFilterOf(options),
      };
      const dryRun = options.dryRun === true;
      const deleted = await withCrispCliDatabase(run, command, async ({ dataSource }) => {
        const retention = new CrispWebhookRetention(dataSource);
        const count = await retention.countPrunable(selection);
        if (dryRun || count === 0) return count;
        const progress = crispCliProgress('Pruning', count, run.err);
        try {
          return await retention.prune(selection, (changed) => progress.advance(changed));
        } finally {
          progress.stop();
        }
      });
      // As a replay's `queued`: in a dry run, how many would be.
      if (options.json) writeCrispCliJson(run, { deleted, dry_run: dryRun });
      else if (dryRun) run.out.write(`Dry run: ${deleted} stored event(s) would be deleted. Nothing was changed.\n`);
      else run.out.write(`Deleted ${deleted} stored event(s).\n`);
    });
}
