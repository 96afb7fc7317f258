// Checks (or, with --local, rewrites) the API reports in etc/ against the build in dist/: one report per entry
// point, so that a change to the exported surface is a reviewed diff, never an accident. Silent when they agree.
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

// A class, interface, enum or namespace opening its body: the owner of the members below it in a built .d.ts.
const OWNER = /^(?:export )?(?:declare )?(?:abstract )?(?:class|interface|enum|namespace) (\w+).*\{$/;

// `Owner.member` for a member, found as the nearest owner above its line in the built .d.ts.
function qualified(declarationFile, line, name) {
  const above = readFileSync(declarationFile, 'utf8').split('\n').slice(0, line).reverse();
  const owner = above.map((text) => OWNER.exec(text)?.[1]).find(Boolean);
  return owner && owner !== name ? `${owner}.${name}` : name;
}

let failed = false;
let reportDiffers = false;
// Shown once at the end, by source file: the build's .d.ts line numbers do not point into src/.
const undocumented = new Map();
for (const file of configs) {
  const config = ExtractorConfig.loadFileAndPrepare(join(packageFolder, file));
  const result = Extractor.invoke(config, {
    localBuild: update,
    messageCallback(message) {
      if (message.messageId === 'ae-undocumented') {
        const built = relative(packageFolder, message.sourceFilePath ?? '');
        const source = built.replace(/^dist\//, 'src/').replace(/\.d\.ts$/, '.ts');
        const name = message.text.replace(/^Missing documentation for "(.*)"\.$/, '$1');
        const names = undocumented.get(source) ?? new Set();
        names.add(
          `${qualified(message.sourceFilePath, message.sourceFileLine, name)} (${built}:${message.sourceFileLine})`,
        );
        undocumented.set(source, names);
        message.handled = true;
        return;
      }
      // Progress chatter and API Extractor's own "copy the file" notices are replaced by the diff and hint below.
      if (message.logLevel === 'info' || message.logLevel === 'verbose' || quiet.has(message.messageId)) {
        message.handled = true;
      }
    },
  });
  if (result.apiReportChanged && !update) {
    failed = true;
    reportDiffers = true;
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
if (undocumented.size > 0) {
  failed = true;
  console.error(
    '\nExported but undocumented (ae-undocumented): give each a TSDoc comment (/** ... */) saying what it means to a user.',
  );
  for (const [source, names] of undocumented) {
    console.error(`  ${source}:\n${[...names].map((name) => `    ${name}`).join('\n')}`);
  }
}
if (reportDiffers) {
  console.error(
    '\nIf the change is intended, run `npm run api:update` and commit the regenerated etc/*.api.md with it.',
  );
}
if (failed) {
  process.exit(1);
}
