import { CRISP_WEBHOOKS_ENTITIES, CRISP_WEBHOOKS_MIGRATIONS } from 'nestjs-crisp-webhooks';
import type { DataSourceOptions } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { APP_ENTITIES } from './entities';
import { APP_MIGRATIONS } from './migrations';

/**
 * Where the embedded database keeps its files when no `DATABASE_URL` is set, unless `PGLITE_DATA_DIR`
 * says: under the directory npm runs the app from (the project root), so `npm start` and the built app
 * share it and a rebuild (which empties dist/) never deletes it.
 */
export const EMBEDDED_DATA_DIR = resolve('.data', 'pglite');

/**
 * The app's database: the PostgreSQL server of `DATABASE_URL`, or else an embedded PostgreSQL
 * (PGlite) kept on disk under the project (`memory://` keeps it in memory), so the app runs on a machine with no database server. Migrations run
 * at start; `synchronize` stays off so the shipped migrations are what builds the schema.
 */
export function dataSourceOptions(env: NodeJS.ProcessEnv = process.env): DataSourceOptions {
  const shared = {
    type: 'postgres' as const,
    entities: [...CRISP_WEBHOOKS_ENTITIES, ...APP_ENTITIES],
    migrations: [...CRISP_WEBHOOKS_MIGRATIONS, ...APP_MIGRATIONS],
    migrationsRun: true,
    synchronize: false,
  };
  if (env.DATABASE_URL) {
    return {
      ...shared,
      url: env.DATABASE_URL,
      extra: { max: Number(env.DATABASE_POOL_SIZE ?? 10), connectionTimeoutMillis: 2000 },
    };
  }
  const dataDir = env.PGLITE_DATA_DIR || EMBEDDED_DATA_DIR;
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // TypeORM 1.x asks the server for uuid-ossp unless told otherwise; PGlite ships pgcrypto.
  return { ...shared, driver: new PGliteDriver({ dataDir }).driver, uuidExtension: 'pgcrypto' };
}
