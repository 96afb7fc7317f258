import type { Command } from 'commander';
import type { CrispErasure, CrispErasureRequest } from '../admin/crisp-erasure';
import { CrispWebhookEventsAdmin } from '../admin/crisp-webhook-events.admin';
import { CRISP_API_REPLIES_TABLE } from '../crisp-api/crisp-api-reply.entity';
import { ERASE_CRISP_API_REPLIES_SQL } from '../crisp-api/crisp-api-replies.erasure';
import { CrispCliUsageError } from './crisp-cli.error';
import { type CrispCliRun, withCrispCliDatabase, writeCrispCliJson } from './crisp-cli.context';
import type { CrispCliDatabase } from './crisp-cli-data-source';
import { crispCliProgress } from './crisp-cli-progress';

interface EraseOptions {
  readonly session?: string;
  readonly email?: string;
  readonly json?: boolean;
}

function requestOf({ session, email }: EraseOptions): CrispErasureRequest {
  if ((session === undefined) === (email === undefined)) {
    throw new CrispCliUsageError('Give --session <session_id> or --email <address> (one of them).');
  }
  return session === undefined ? { email: email! } : { sessionId: session };
}

/**
 * What the app's `@OnCrispErasure()` handlers would erase, without the app: the host's copies through the
 * file's `crispErasure`, then, once that succeeded, the module's reply records (when the table exists: its
 * migration may not have run), so that a failed hook leaves everything in place for the next try.
 */
async function eraseCopies({ dataSource, erasureHook }: CrispCliDatabase, erasure: CrispErasure): Promise<void> {
  await erasureHook?.(erasure, dataSource);
  const [{ replies }] = (await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS "replies"`, [
    CRISP_API_REPLIES_TABLE,
  ])) as { replies: boolean }[];
  if (replies) await dataSource.query(ERASE_CRISP_API_REPLIES_SQL, [erasure.sessionIds]);
}

/**
 * `erase --session <id> | --email <address>`: a privacy request, as `DELETE <path>/events` does it. The host's
 * copies go first (the DataSource file's `crispErasure`); the module's rows only once that succeeded.
 * @internal
 */
export function addCrispCliEraseCommand(program: Command, run: CrispCliRun): void {
  program
    .command('erase')
    .description("erase a person's stored events (a privacy request), and the host's copies through crispErasure")
    .option('--session <session_id>', 'one conversation')
    .option('--email <address>', 'every event carrying this email, and the conversations and profiles they name')
    .option('--json', 'print the outcome as JSON')
    .action(async (options: EraseOptions, command: Command) => {
      const request = requestOf(options);
      const { result, hooked, file } = await withCrispCliDatabase(run, command, async (database) => {
        // Two steps: finding the person and erasing the host's copies, then deleting the module's rows.
        const progress = crispCliProgress('Erasing', 2, run.err);
        try {
          const admin = new CrispWebhookEventsAdmin(database.dataSource, {
            onErasure: async (erasure) => {
              await eraseCopies(database, erasure);
              progress.advance(1);
            },
          });
          const erased = await admin.erase(request);
          progress.advance(1);
          return { result: erased, hooked: database.erasureHook !== undefined, file: database.file };
        } finally {
          progress.stop();
        }
      });
      if (!hooked) {
        run.err.write(
          `${file} exports no crispErasure: only the module's rows were erased, not the app's own copies ` +
            '(what its @OnCrispErasure() handlers erase). Export one to erase them too (see the README).\n',
        );
      }
      if (options.json) {
        writeCrispCliJson(run, {
          deleted: result.deleted,
          email: result.email,
          session_ids: result.sessionIds,
          people_ids: result.peopleIds,
        });
        return;
      }
      const who = result.email ?? result.sessionIds[0];
      const linked = [
        result.sessionIds.length > 0 ? `conversations ${result.sessionIds.join(', ')}` : '',
        result.peopleIds.length > 0 ? `People profiles ${result.peopleIds.join(', ')}` : '',
      ].filter((part) => part !== '');
      run.out.write(
        `Erased ${result.deleted} stored event(s) of ${who}${linked.length > 0 ? ` (${linked.join('; ')})` : ''}` +
          `${hooked ? ", and the app's copies through crispErasure" : ''}.\n`,
      );
    });
}
