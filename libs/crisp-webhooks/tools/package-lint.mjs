// Lints the package as npm publishes it: packs it, then runs publint, Are the Types Wrong (the types of every entry
// point under node10, node16 from CommonJS and from ES modules, bundler) and checks of our own on the tarball's
// files: what its declarations import, that its source maps carry their sources, and that the admin page's build
// ships whole. Silent when all is clean.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import ts from 'typescript';

const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** Packs the package into `folder` and unpacks it beside: the tarball's path and its unpacked root. */
function pack(folder) {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', folder], {
      cwd: packageFolder,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const tarball = join(folder, filename);
  execFileSync('tar', ['-xzf', tarball, '-C', folder]);
  return { tarball, root: join(folder, 'package') };
}

/** publint's messages, suggestions included: a clean package has none. */
async function publintProblems(tarball) {
  const data = readFileSync(tarball);
  const { messages, pkg } = await publint({
    pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
    level: 'suggestion',
    strict: true,
  });
  return messages.map((message) => `publint: ${formatMessage(message, pkg, { color: false })}`);
}

/** Are the Types Wrong's verdict, its table printed only when it found a problem. */
function typesWrongProblems(tarball) {
  const cli = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js');
  const run = spawnSync(
    process.execPath,
    [cli, tarball, '--profile', 'strict', '--no-definitely-typed', '--format', 'ascii', '--no-color', '--no-emoji'],
    { encoding: 'utf8' },
  );
  return run.status === 0 ? [] : [`@arethetypeswrong/cli:\n${run.stdout}${run.stderr}`];
}

function filesUnder(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The module specifiers a declaration file refers to: imports, re-exports, `import()` types, type references. */
function specifiersOf(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found = source.typeReferenceDirectives.map((directive) => directive.fileName);
  const visit = (node) => {
    const specifier =
      ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
        ? node.moduleSpecifier
        : ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)
          ? node.moduleReference.expression
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
            ? node.argument.literal
            : ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)
              ? node.name
              : undefined;
    if (specifier && ts.isStringLiteral(specifier)) found.push(specifier.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packageNameOf = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');
const isBuiltin = (specifier) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

/** The declaration file a relative specifier of `from` loads, if the tarball has it. */
function resolveDeclaration(from, specifier) {
  const target = resolve(dirname(from), specifier);
  const candidates = [`${target}.d.ts`, target.replace(/\.js$/, '.d.ts'), join(target, 'index.d.ts')];
  return candidates.find((candidate) => candidate.endsWith('.d.ts') && existsSync(candidate));
}

/** The `types` targets of the package's entry points (`exports` conditions and the top-level `types`). */
function declarationEntryPoints(manifest) {
  const found = new Set(manifest.types ? [manifest.types] : []);
  const walk = (value) => {
    if (value && typeof value === 'object') {
      for (const [condition, target] of Object.entries(value)) {
        if (condition === 'types' && typeof target === 'string') found.add(target);
        else walk(target);
      }
    }
  };
  walk(manifest.exports);
  return [...found];
}

/**
 * No shipped declaration may import an optional peer (an app without it would not compile), and the declarations a
 * customer's compiler loads through the entry points import only Node.js, declared dependencies and required peers,
 * and only files the tarball contains.
 */
function declarationImportProblems(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const optional = new Set(
    Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional)
      .map(([name]) => name),
  );
  const required = new Set(
    [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})].filter(
      (name) => !optional.has(name),
    ),
  );
  const problems = [];
  const at = (file) => relative(root, file);
  for (const file of filesUnder(root).filter((file) => file.endsWith('.d.ts'))) {
    for (const specifier of specifiersOf(file)) {
      if (optional.has(packageNameOf(specifier))) {
        problems.push(`${at(file)} imports the optional peer ${specifier}`);
      }
    }
  }
  const pending = declarationEntryPoints(manifest).map((entry) => join(root, entry));
  const seen = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (!existsSync(file)) {
      problems.push(`${at(file)} is an entry point's declaration file but is not in the tarball`);
      continue;
    }
    for (const specifier of specifiersOf(file)) {
      if (specifier.startsWith('.')) {
        const target = resolveDeclaration(file, specifier);
        if (target) pending.push(target);
        else problems.push(`${at(file)} imports ${specifier}, which is not in the tarball`);
      } else if (
        !isBuiltin(specifier) &&
        !required.has(packageNameOf(specifier)) &&
        !optional.has(packageNameOf(specifier))
      ) {
        problems.push(`${at(file)} imports ${specifier}, which is neither a dependency nor a required peer`);
      }
    }
  }
  return problems;
}

/** Every file the manifest's `files` names one by one (README, CHANGELOG, LICENSE) is in the tarball. */
function namedFileProblems(root) {
  const { files = [] } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return files
    .filter((entry) => !entry.startsWith('!') && !entry.includes('*') && !existsSync(join(root, entry)))
    .map((entry) => `${entry} is listed in "files" but is not in the tarball`);
}

/** Every source a shipped source map names is inline (`sourcesContent`) or shipped beside it. */
function sourceMapProblems(root) {
  const problems = [];
  for (const file of filesUnder(root).filter((file) => file.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(file, 'utf8'));
    map.sources.forEach((source, index) => {
      const shipped = existsSync(resolve(dirname(file), map.sourceRoot ?? '', source));
      if (typeof map.sourcesContent?.[index] !== 'string' && !shipped) {
        problems.push(`${relative(root, file)} points at ${source}, which the tarball neither contains nor inlines`);
      }
    });
  }
  return problems;
}

/** The admin page's build ships, and every asset its HTML names is in the tarball (the module serves only those). */
function adminPageProblems(root) {
  const page = join(root, 'dist', 'admin-ui', 'index.html');
  if (!existsSync(page)) return ['dist/admin-ui/index.html (the admin page) is not in the tarball'];
  const named = [...readFileSync(page, 'utf8').matchAll(/%ASSETS%\/([^"]+)"/g)].map((match) => match[1]);
  if (named.length < 3) return ['dist/admin-ui/index.html names fewer assets than its script, style sheet and icon'];
  return named
    .filter((name) => !existsSync(join(root, 'dist', 'admin-ui', name)))
    .map((name) => `dist/admin-ui/index.html names ${name}, which is not in the tarball`);
}

const folder = mkdtempSync(join(tmpdir(), 'crisp-package-lint-'));
try {
  const { tarball, root } = pack(folder);
  const problems = [
    ...(await publintProblems(tarball)),
    ...typesWrongProblems(tarball),
    ...namedFileProblems(root),
    ...declarationImportProblems(root),
    ...sourceMapProblems(root),
    ...adminPageProblems(root),
  ];
  if (problems.length > 0) {
    console.error(`The packed package has ${problems.length} problem(s):\n\n${problems.join('\n')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
