import type { Command } from 'commander';
import { crispFilterOf, crispListQueryOf } from '../admin/crisp-admin-request';
import type { CrispEventListQuery } from '../admin/crisp-webhook-events.admin';
import type { CrispWebhookEventFilter } from '../admin/crisp-webhook-event-filter';

/** The filter options every command that selects stored events takes, as commander parses them. @internal */
export interface CrispCliFilterOptions {
  readonly status?: readonly string[];
  readonly event?: readonly string[];
  readonly website?: string;
  readonly session?: string;
  readonly since?: string;
  readonly until?: string;
  readonly unhandled?: boolean;
}

/** The admin API's names of the CLI's filter options: both read through the same parser, so they agree. */
const wireFilterOf = (options: CrispCliFilterOptions) =>
  Object.fromEntries(
    Object.entries({
      status: options.status,
      event: options.event,
      website_id: options.website,
      session_id: options.session,
      since: options.since,
      until: options.until,
      unhandled: options.unhandled,
    }).filter(([, value]) => value !== undefined),
  );

/** The event filter of a command's options (lists comma-separated or repeated); throws a `RangeError` for a bad one. @internal */
export const crispCliFilterOf = (options: CrispCliFilterOptions): CrispWebhookEventFilter =>
  crispFilterOf(wireFilterOf(options), 'The filter');

/** `events`' query: the filter, `--limit` and `--cursor`. @internal */
export const crispCliListQueryOf = (
  options: CrispCliFilterOptions & { readonly limit?: string; readonly cursor?: string },
): CrispEventListQuery =>
  crispListQueryOf({
    ...wireFilterOf(options),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  });

/** Whether a filter selects anything narrower than every stored event. @internal */
export const isNarrowing = (filter: CrispWebhookEventFilter): boolean => Object.keys(filter).length > 0;

/** Repeated options add up: `--status dead --status failed`, as `--status dead,failed`. */
const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/**
 * Adds the admin API's filter options to a command (`unhandled` for those that take it).
 * @internal
 */
export function addCrispCliFilterOptions(command: Command, { unhandled = true } = {}): Command {
  command
    .option('--status <status>', 'received, processed, failed, dead or invalid (repeat or comma-separate)', collect)
    .option('--event <name>', "an event name or a family ('message:*') (repeat or comma-separate)", collect)
    .option('--website <website_id>', 'events of this website')
    .option('--session <session_id>', 'events of this conversation')
    .option('--since <date>', 'stored at or after (ISO 8601, or ms since the epoch)')
    .option('--until <date>', 'stored before (ISO 8601, or ms since the epoch)');
  if (unhandled) command.option('--unhandled', 'only processed events no handler ran on (a backfill)');
  return command;
}
