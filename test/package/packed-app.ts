import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const LIBRARY = join(ROOT, 'libs', 'crisp-webhooks');
/** The library's folder in the repository's lockfile. */
const WORKSPACE = 'libs/crisp-webhooks';
const run = promisify(execFile);

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

/** The environment of the npm and node processes the test starts: ours, less what `npm run` adds for the repo. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return { ...env, NODE_OPTIONS: '', ...extra };
}

/** `npm pack` of the library's build into `folder`: the tarball's file name. */
export async function packLibrary(folder: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', folder], {
    cwd: LIBRARY,
    env: cleanEnv(),
  });
  return (JSON.parse(stdout) as { filename: string }[])[0].filename;
}

/**
 * The lockfile of an app that depends on `direct` (names at the versions of the repository's lockfile) and on the
 * tarball: the repository's own entries for the whole dependency closure, so `npm ci --prefer-offline` installs
 * exactly what the repository is tested with, from the cache its `npm ci` filled, without resolving anything.
 */
function appLockfile(
  rootLock: Record<string, LockEntry>,
  direct: readonly string[],
  tarball: { name: string; file: string; integrity: string; manifest: LockEntry },
): { dependencies: Record<string, string>; lockfile: object } {
  const packages: Record<string, LockEntry> = {};
  const library = `node_modules/${tarball.name}`;
  const locate = (from: string, name: string): string | undefined => {
    // The library's own dependencies, where the workspace nests them (another version than the root's).
    if (from === library && rootLock[`${WORKSPACE}/node_modules/${name}`]) return `${WORKSPACE}/node_modules/${name}`;
    for (let base = from; ; base = base.slice(0, base.lastIndexOf('/node_modules/'))) {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (rootLock[path] && !rootLock[path].link) return path;
      if (!base) return undefined;
    }
  };
  const add = (from: string, name: string, optional: boolean): void => {
    const path = locate(from, name);
    if (!path) {
      if (optional) return;
      throw new Error(`${name} (needed by ${from || 'the app'}) is not in the repository's package-lock.json`);
    }
    const installed = path.startsWith(`${WORKSPACE}/`) ? `${library}/${path.slice(WORKSPACE.length + 1)}` : path;
    if (packages[installed]) return;
    const entry = rootLock[path];
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...kept } = entry;
    packages[installed] = kept;
    for (const dependency of Object.keys(entry.dependencies ?? {})) add(path, dependency, false);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) add(path, dependency, true);
    for (const peer of Object.keys(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[peer]?.optional) add(path, peer, false);
    }
  };
  const dependencies: Record<string, string> = { [tarball.name]: `file:${tarball.file}` };
  for (const name of direct) {
    add('', name, false);
    dependencies[name] = rootLock[`node_modules/${name}`].version as string;
  }
  for (const dependency of Object.keys(tarball.manifest.dependencies ?? {})) add(library, dependency, false);
  const { name: _name, ...manifest } = tarball.manifest;
  packages[library] = {
    ...manifest,
    resolved: `file:${tarball.file}`,
    integrity: tarball.integrity,
  };
  return {
    dependencies,
    lockfile: {
      name: 'packed-app',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'packed-app', dependencies }, ...packages },
    },
  };
}

/**
 * A fresh app folder that has the packed library installed with its required peers (and TypeScript, Node's types),
 * nothing else: an import of a package the library does not declare fails there, as it would for a customer.
 */
export async function installPackedLibrary(folder: string): Promise<void> {
  const file = await packLibrary(folder);
  const tarball = await readFile(join(folder, file));
  const manifest = JSON.parse(await readFile(join(LIBRARY, 'package.json'), 'utf8')) as LockEntry & { name: string };
  const optionalPeers = manifest.peerDependenciesMeta ?? {};
  const peers = Object.keys(manifest.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional);
  const rootLock = (
    JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, LockEntry>;
    }
  ).packages;
  const libraryEntry = { ...manifest } as LockEntry;
  for (const field of ['scripts', 'files', 'exports', 'main', 'types', 'typesVersions', 'keywords', 'repository']) {
    delete libraryEntry[field];
  }
  delete libraryEntry.description;
  const { dependencies, lockfile } = appLockfile(rootLock, [...peers, 'typescript', '@types/node'], {
    name: manifest.name,
    file,
    integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
    manifest: libraryEntry,
  });
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'packed-app', private: true, dependencies }));
  await writeFile(join(folder, 'package-lock.json'), JSON.stringify(lockfile));
  await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: folder,
    env: cleanEnv(),
  });
}

/**
 * Copies the example customer app into `folder/<name>` as a package of `type` and compiles it with tsc. The package's
 * own declaration files are type-checked in the CommonJS app (`skipLibCheck: false`): they are the same files, read
 * the same way, from an ES module app, which skips the check of every library's declarations to save half a minute.
 */
export async function compileApp(folder: string, name: string, type: 'commonjs' | 'module'): Promise<string> {
  const app = join(folder, name);
  await mkdir(app);
  await cp(join(__dirname, 'app', 'main.ts'), join(app, 'main.ts'));
  await writeFile(join(app, 'package.json'), JSON.stringify({ name, private: true, type }));
  await writeFile(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'ES2023',
        lib: ['ES2024', 'DOM'],
        types: ['node'],
        strict: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: type === 'module',
        outDir: 'dist',
      },
      files: ['main.ts'],
    }),
  );
  await run(process.execPath, [join(folder, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], {
    cwd: app,
    env: cleanEnv(),
  }).catch((error: { stdout?: string }) => {
    throw new Error(`tsc failed on the ${type} app:\n${error.stdout ?? String(error)}`);
  });
  return app;
}

/** What the running app printed when it listened: its URL and a hook built with the testing entry point. */
export interface ReadyApp {
  readonly url: string;
  readonly sample: object;
  /** Resolves with the first `HANDLED` line's JSON once a handler printed one. */
  handled(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Runs the compiled app in its own process until it prints READY. */
export function startApp(app: string, env: Record<string, string>): Promise<ReadyApp> {
  const child = spawn(process.execPath, [join('dist', 'main.js')], {
    cwd: app,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = (prefix: string): Record<string, unknown> | undefined => {
    const found = output.split('\n').find((text) => text.startsWith(`${prefix} `));
    return found ? (JSON.parse(found.slice(prefix.length + 1)) as Record<string, unknown>) : undefined;
  };
  const waitForLine = (prefix: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = line(prefix);
        if (!found) return false;
        resolve(found);
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => reject(new Error(`no ${prefix} line within 60 s:\n${output}`)), 60_000);
      const onData = () => check() && (clearTimeout(timer), child.stdout.off('data', onData));
      child.stdout.on('data', onData);
      child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`app exited (${code}):\n${output}`))));
    });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return waitForLine('READY').then((ready) => ({
    url: ready.url as string,
    sample: ready.sample as object,
    handled: () => waitForLine('HANDLED'),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  }));
}

/** Runs the package's `crisp-webhooks` bin from `folder`, as its install linked it: what it printed on stdout. */
export async function runPackedCli(
  folder: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<string> {
  const { stdout } = await run(join(folder, 'node_modules', '.bin', 'crisp-webhooks'), args, {
    cwd: folder,
    env: cleanEnv(env),
  });
  return stdout;
}
