#!/usr/bin/env node
// The package's bin. A stub that is there before any build, so that npm links it in a fresh workspace too (npm
// skips a bin whose file is missing at install); the CLI itself is built into dist/.
'use strict';

try {
  require.resolve('../dist/cli/crisp-cli.main.js');
} catch {
  process.stderr.write('error: the CLI is not built: run npm run build:lib (npm run build in the package).\n');
  process.exit(2);
}
require('../dist/cli/crisp-cli.main.js');
