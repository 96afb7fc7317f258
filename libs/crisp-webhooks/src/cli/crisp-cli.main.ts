#!/usr/bin/env node
// The package's `crisp-webhooks` bin.
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
