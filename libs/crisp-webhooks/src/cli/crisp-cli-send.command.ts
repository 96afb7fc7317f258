import { type Command, Option } from 'commander';
import { redactCrispUrl } from '../auth/redact-crisp-url';
import { crispSignatureHeaders } from '../testing/crisp-signature-headers';
import { CrispCliUsageError, EXIT_FAILED } from './crisp-cli.error';
import { type CrispCliRun, writeCrispCliJson } from './crisp-cli.context';
import { crispCliSample } from './crisp-cli-sample';

/** Crisp gives up on a hook after a few seconds; a local app that takes longer than this is stuck. */
const SEND_TIMEOUT_MS = 10_000;

interface SendOptions {
  readonly url: string;
  readonly secret?: string;
  readonly set: readonly string[];
  readonly json?: boolean;
}

function hookUrl(text: string): URL {
  try {
    const url = new URL(text);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password) return url;
  } catch {
    // Said below, without echoing the URL: it may hold the hook key.
  }
  throw new CrispCliUsageError(
    '--url must be the hook URL, http(s)://host/crisp/hooks?key=<key> (the key optional, no user nor password).',
  );
}

/** Why a request got no answer, from fetch's error and its cause (e.g. `ECONNREFUSED`). */
const reasonOf = (error: Error) => {
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return error.name === 'TimeoutError'
    ? `no answer within ${SEND_TIMEOUT_MS / 1000} s`
    : (cause?.code ?? cause?.message ?? error.message);
};

/**
 * `send <event>`: posts the realistic sample of an event to a running app, keyed by the URL's `?key=` and signed
 * as a Plugin Hook with `--secret`, like `stripe trigger`; prints the app's answer. Exits 1 when the app does not
 * answer 2xx.
 * @internal
 */
export function addCrispCliSendCommand(program: Command, run: CrispCliRun): void {
  program
    .command('send')
    .description('post a realistic sample of a Crisp event to a running endpoint (like stripe trigger)')
    .argument('<event>', "the event's name, e.g. message:send")
    .requiredOption('--url <hook url>', 'the hook URL; keyed with its ?key=')
    .addOption(
      new Option('--secret <plugin secret>', 'sign it as a Plugin Hook (X-Crisp-Signature)').env('CRISP_PLUGIN_SECRET'),
    )
    .option(
      '--set <path=value>',
      'change a field: data.content=hello, data.user.nickname=Jane, website_id=… (value as JSON, else text; repeat)',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--json', 'print the answer as JSON')
    .action(async (event: string, options: SendOptions) => {
      const url = hookUrl(options.url);
      const body = JSON.stringify(crispCliSample(event, options.set, run.now()));
      const headers = {
        'Content-Type': 'application/json',
        ...(options.secret === undefined ? {} : crispSignatureHeaders(options.secret, body)),
      };
      const shown = redactCrispUrl(url.href);
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
      } catch (error) {
        // A reason may quote the URL, key and all: it is printed as shown too.
        const reason = reasonOf(error as Error).replaceAll(url.href, shown);
        throw new Error(`Could not post ${event} to ${shown}: ${reason}. Is the app running there?`, {
          cause: error,
        });
      }
      const text = await response.text();
      let answer: unknown = text;
      try {
        answer = JSON.parse(text) as unknown;
      } catch {
        // Not JSON: shown as the text it is.
      }
      if (options.json) writeCrispCliJson(run, { event, status: response.status, body: answer });
      else
        run.out.write(
          `POST ${shown} ${event} → ${response.status} ${typeof answer === 'string' ? answer : JSON.stringify(answer)}\n`,
        );
      if (!response.ok) run.exitCode = EXIT_FAILED;
    });
}
