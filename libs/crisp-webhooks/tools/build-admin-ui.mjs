// Builds the operator's page (admin-ui/) into dist/admin-ui/, the folder the package ships and the module serves:
// one script, one style sheet and an icon, named by their content hash so browsers may keep them, and index.html
// naming them. Nothing is fetched from elsewhere at run time: the page works offline and under a strict CSP.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(packageFolder, 'admin-ui');
const out = join(packageFolder, 'dist', 'admin-ui');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await build({
  entryPoints: { app: join(source, 'src/main.tsx'), styles: join(source, 'src/styles.css') },
  outdir: out,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
const named = (extension) => outputs.find((file) => file.endsWith(extension));
const icon = readFileSync(join(source, 'src/icon.svg'));
const iconName = `icon-${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
copyFileSync(join(source, 'src/icon.svg'), join(out, iconName));

const html = readFileSync(join(source, 'index.html'), 'utf8')
  .replace('%JS%', named('.js'))
  .replace('%CSS%', named('.css'))
  .replace('%ICON%', iconName);
writeFileSync(join(out, 'index.html'), html);

// The bundle holds Preact: its licence ships beside it (the module serves no .txt file; it is for the reader).
const preact = dirname(createRequire(import.meta.url).resolve('preact/package.json'));
const { version } = JSON.parse(readFileSync(join(preact, 'package.json'), 'utf8'));
writeFileSync(
  join(out, 'THIRD-PARTY-LICENSES.txt'),
  `The admin page's script bundles Preact ${version}:\n\n${readFileSync(join(preact, 'LICENSE'), 'utf8')}`,
);
