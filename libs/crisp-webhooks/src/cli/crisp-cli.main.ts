// The CLI's entry, which the package's bin (bin/crisp-webhooks.cjs) runs.
// First: the DTOs' decorators read metadata as they load, as in the app (where Nest loads it).
import 'reflect-metadata';
import { runCrispCli } from './crisp-cli.program';

void runCrispCli(process.argv, {
  out: process.stdout,
  err: process.stderr,
  cwd: process.cwd(),
  now: Date.now,
  exitCode: 0,
}).then((code) => {
  process.exitCode = code;
});
