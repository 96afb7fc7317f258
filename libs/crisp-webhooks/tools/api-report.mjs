// Checks (or, with --local, rewrites) the API reports in etc/ against the build in dist/: one report per entry
// point, so that a change to the exported surface is a reviewed diff, never an accident. Silent when they agree.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--local');
const configs = ['api-extractor.json', 'api-extractor.testing.json', 'api-extractor.crisp-api.json'];
const quiet = new Set([
  'console-api-report-not-copied',
  'console-api-report-copied',
  'console-api-report-created',
  'console-api-report-diff',
]);

let failed = false;
for (const file of configs) {
  const config = ExtractorConfig.loadFileAndPrepare(join(packageFolder, file));
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback(message) {
      // Progress chatter and API Extractor's own "copy the file" notices are replaced by the diff and hint below.
      if (message.logLevel === 'info' || message.logLevel === 'verbose' || quiet.has(message.messageId)) {
        message.handled = true;
      }
    },
  });
  if (result.apiReportChanged && !update) {
    failed = true;
    const reported = relative(process.cwd(), config.reportFilePath);
    console.error(
      `\nThe public API of ${config.mainEntryPointFilePath.replace(packageFolder + '/', '')} differs from ${reported}:`,
    );
    spawnSync('git', ['--no-pager', 'diff', '--no-index', '--', config.reportFilePath, config.reportTempFilePath], {
      stdio: 'inherit',
    });
  } else if (!result.succeeded) {
    failed = true;
  } else if (result.apiReportChanged) {
    console.log(`Updated ${relative(process.cwd(), config.reportFilePath)}: review the diff and commit it.`);
  }
}
if (failed) {
  console.error(
    '\nIf the change is intended, run `npm run api:update` and commit the regenerated etc/*.api.md with it.',
  );
  process.exit(1);
}
