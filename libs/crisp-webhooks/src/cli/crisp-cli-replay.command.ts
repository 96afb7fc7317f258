import type { Command } from 'commander';
import { crispReplayChoiceOf } from '../admin/crisp-admin-request';
import { crispReplayJson } from '../admin/crisp-admin.json';
import {
  CrispWebhookEventsAdmin,
  type CrispReplayResult,
  type CrispReplaySelection,
} from '../admin/crisp-webhook-events.admin';
import { CrispCliUsageError, EXIT_FAILED } from './crisp-cli.error';
import { type CrispCliRun, withCrispCliDatabase, writeCrispCliJson } from './crisp-cli.context';
import {
  addCrispCliFilterOptions,
  type CrispCliFilterOptions,
  crispCliFilterOf,
  isNarrowing,
} from './crisp-cli-filter';
import { crispCliProgress } from './crisp-cli-progress';

type ReplayOptions = CrispCliFilterOptions & {
  readonly dryRun?: boolean;
  readonly all?: boolean;
  readonly handlers?: string;
  readonly json?: boolean;
};

/** What a replay did, in a sentence and the details that need a look. */
function summary(result: CrispReplayResult): string {
  const lines = [
    result.dryRun
      ? `Dry run: ${result.queued} event(s) would be queued (${result.matched} matched). Nothing was changed.`
      : `Queued ${result.queued} event(s) (${result.matched} matched). The app's workers run them at their next poll ` +
        '(once it starts, if it is down).',
  ];
  if (result.leased > 0) lines.push(`${result.leased} left alone: a running instance is running them now.`);
  if (result.stillInvalid > 0) lines.push(`${result.stillInvalid} quarantined still fail today's DTOs: kept invalid.`);
  if (result.payloadDropped > 0) lines.push(`${result.payloadDropped} had their payload dropped by retention.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `replay <id…> | [filters]`: runs events again through the durable queue, as `POST <path>/events/replay` does.
 * A filter replay counts first (a dry run) to size its progress bar, then queues batch by batch.
 * @internal
 */
export function addCrispCliReplayCommand(program: Command, run: CrispCliRun): void {
  addCrispCliFilterOptions(
    program
      .command('replay')
      .description('run stored events again: by id, or every event a filter selects')
      .argument('[ids...]', 'event ids (or give a filter instead)'),
  )
    .option('--dry-run', 'count what would be queued, change nothing')
    .option('--all', 'run every handler again, those that succeeded included (make them idempotent)')
    .option('--handlers <Class.method,...>', 'also run these handlers again, where they succeeded')
    .option('--json', 'print the outcome as the admin API answers it')
    .action(async (ids: string[], options: ReplayOptions, command: Command) => {
      const filter = crispCliFilterOf(options);
      if (ids.length > 0 && isNarrowing(filter)) throw new CrispCliUsageError('Give event ids or a filter, not both.');
      if (ids.length === 0 && !isNarrowing(filter)) {
        throw new CrispCliUsageError(
          'Give event ids or a filter (e.g. --status dead): replay never selects every stored event by default.',
        );
      }
      // The app is not loaded, so handler names are taken as given: one no handler has changes nothing.
      const choice = crispReplayChoiceOf({ handlers: options.handlers, all: options.all }, undefined);
      const selection: CrispReplaySelection = ids.length > 0 ? { ids } : filter;
      const dryRun = options.dryRun === true;
      const result = await withCrispCliDatabase(run, command, async ({ dataSource }) => {
        const admin = new CrispWebhookEventsAdmin(dataSource);
        if (dryRun || ids.length > 0) return admin.replay(selection, { ...choice, dryRun });
        const { queued } = await admin.replay(selection, { ...choice, dryRun: true });
        const progress = crispCliProgress('Replaying', queued, run.err);
        try {
          return await admin.replay(selection, { ...choice, onBatch: (count) => progress.advance(count) });
        } finally {
          progress.stop();
        }
      });
      if (options.json) writeCrispCliJson(run, crispReplayJson(result));
      else run.out.write(summary(result));
      if (ids.length > 0 && result.matched < new Set(ids).size) {
        run.err.write(`${new Set(ids).size - result.matched} of the ids given match no stored event.\n`);
        run.exitCode = EXIT_FAILED;
      }
    });
}
