import type { Command } from 'commander';
import { crispEventDetailJson, crispEventSummaryJson } from '../admin/crisp-admin.json';
import { CrispWebhookEventsAdmin } from '../admin/crisp-webhook-events.admin';
import { EXIT_FAILED } from './crisp-cli.error';
import { type CrispCliRun, withCrispCliDatabase, writeCrispCliJson } from './crisp-cli.context';
import { addCrispCliFilterOptions, type CrispCliFilterOptions, crispCliListQueryOf } from './crisp-cli-filter';
import { crispCliEventDetail, crispCliEventsTable } from './crisp-cli-table';

type EventsOptions = CrispCliFilterOptions & {
  readonly limit?: string;
  readonly cursor?: string;
  readonly json?: boolean;
};

/**
 * `events [filters]`: a page of stored events, newest first, as `GET <path>/events` lists them; and `show <id>`:
 * one event whole, as `GET <path>/events/:id` answers it.
 * @internal
 */
export function addCrispCliEventsCommands(program: Command, run: CrispCliRun): void {
  addCrispCliFilterOptions(
    program.command('events').description('list stored events, newest first (the admin API’s filters)'),
  )
    .option('--limit <n>', 'events per page, at most 500 (default 50)')
    .option('--cursor <cursor>', 'the page after the one that printed this cursor')
    .option('--json', 'print the page as the admin API answers it')
    .action(async (options: EventsOptions, command: Command) => {
      const query = crispCliListQueryOf(options);
      const page = await withCrispCliDatabase(run, command, ({ dataSource }) =>
        new CrispWebhookEventsAdmin(dataSource).list(query),
      );
      if (options.json) {
        writeCrispCliJson(run, { items: page.items.map(crispEventSummaryJson), next_cursor: page.nextCursor });
        return;
      }
      run.out.write(page.items.length === 0 ? 'No stored event matches.\n' : `${crispCliEventsTable(page.items)}\n`);
      if (page.nextCursor !== null) run.out.write(`\nMore: the same command with --cursor ${page.nextCursor}\n`);
    });

  program
    .command('show')
    .description('show one stored event whole: payload, handlers’ outcomes and last errors, validation errors')
    .argument('<id>', "the event's id")
    .option('--json', 'print it as the admin API answers it')
    .action(async (id: string, options: { readonly json?: boolean }, command: Command) => {
      const event = await withCrispCliDatabase(run, command, ({ dataSource }) =>
        new CrispWebhookEventsAdmin(dataSource).get(id),
      );
      if (event === undefined) {
        run.err.write(`No stored event has id ${id}.\n`);
        run.exitCode = EXIT_FAILED;
      } else if (options.json) writeCrispCliJson(run, crispEventDetailJson(event));
      else run.out.write(`${crispCliEventDetail(event)}\n`);
    });
}
