import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type DataSource, InstanceChecker } from 'typeorm';
import type { CrispErasureHook } from '../admin/crisp-erasure';
import { CrispCliUsageError } from './crisp-cli.error';

/** The TypeORM CLI's default for `-d` in the example app, and this CLI's. */
export const DEFAULT_DATA_SOURCE_FILE = './ormconfig.ts';

/** What the DataSource file gives the CLI: its database, and how the host erases its own copies of a person. @internal */
export interface CrispCliDatabase {
  readonly file: string;
  readonly dataSource: DataSource;
  readonly erasureHook: CrispErasureHook | undefined;
}

const TYPESCRIPT = /\.[cm]?ts$/;
const ES_MODULE = /\.m[jt]s$/;
const TS_NODE_REGISTERED = Symbol.for('ts-node.register.instance');

/**
 * Lets `require` read TypeScript, as `typeorm-ts-node-commonjs` does for the TypeORM CLI: ts-node, found from
 * the file's own folder (the host's install), without a type check (the app's build checks types; checking them
 * here would cost seconds on every command). Nothing to do when the CLI already runs under ts-node.
 */
function registerTypeScript(file: string): void {
  if ((process as unknown as Record<symbol, unknown>)[TS_NODE_REGISTERED]) return;
  let tsNode: { register(options: object): unknown };
  try {
    tsNode = createRequire(file)('ts-node') as typeof tsNode;
  } catch {
    throw new CrispCliUsageError(
      `${file} is TypeScript, and reading it needs ts-node, which is not installed there. ` +
        'Install it (npm install --save-dev ts-node, as the TypeORM CLI needs too), or give -d the compiled .js file.',
    );
  }
  tsNode.register({ transpileOnly: true, projectSearchDir: dirname(file) });
}

/** The one DataSource the file exports, found as the TypeORM CLI finds it: the module itself, or one export, awaited. */
async function dataSourceOf(file: string, exported: unknown): Promise<DataSource> {
  if (InstanceChecker.isDataSource(exported)) return exported;
  const found: DataSource[] = [];
  if (typeof exported === 'object' && exported !== null) {
    for (const value of Object.values(exported)) {
      const candidate: unknown = await value;
      if (InstanceChecker.isDataSource(candidate) && !found.includes(candidate)) found.push(candidate);
    }
  }
  if (found.length !== 1) {
    throw new CrispCliUsageError(
      `${file} must export one TypeORM DataSource (export default new DataSource({...})), as the TypeORM CLI's -d needs; ` +
        `it exports ${found.length}.`,
    );
  }
  return found[0];
}

/** Reads a DataSource file as the TypeORM CLI does: a `.ts` one through ts-node, an ES module through `import()`. */
async function load(file: string): Promise<Record<string, unknown>> {
  if (TYPESCRIPT.test(file)) registerTypeScript(file);
  if (ES_MODULE.test(file)) return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return createRequire(__filename)(file) as Record<string, unknown>;
}

/**
 * Opens the database of a DataSource file (`-d`, relative to the working directory): loads the file, finds its
 * DataSource, connects (running its migrations when it says `migrationsRun`, as the app would), and takes its
 * `crispErasure` export when it has one.
 * @internal
 */
export async function openCrispCliDatabase(path: string, cwd = process.cwd()): Promise<CrispCliDatabase> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) {
    throw new CrispCliUsageError(
      `No DataSource file at ${file}. Give the file the TypeORM CLI uses with -d <file> (default ${DEFAULT_DATA_SOURCE_FILE}, from the working directory).`,
    );
  }
  let exported: Record<string, unknown>;
  try {
    exported = await load(file);
  } catch (error) {
    if (error instanceof CrispCliUsageError) throw error;
    throw new CrispCliUsageError(`Could not load ${file}: ${(error as Error).message}`, { cause: error });
  }
  const dataSource = await dataSourceOf(file, exported);
  const erasureHook = exported.crispErasure;
  if (erasureHook !== undefined && typeof erasureHook !== 'function') {
    throw new CrispCliUsageError(`${file} exports crispErasure, which must be a function (erasure, dataSource) => ….`);
  }
  if (!dataSource.isInitialized) {
    try {
      await dataSource.initialize();
    } catch (error) {
      throw new Error(
        `Could not open the database of ${file}: ${(error as Error).message}. Check its settings (e.g. DATABASE_URL) and that the database is up.`,
        { cause: error },
      );
    }
  }
  return { file, dataSource, erasureHook: erasureHook as CrispErasureHook | undefined };
}
