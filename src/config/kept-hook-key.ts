import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { EMBEDDED_DATA_DIR } from '../database/data-source-options';

/** A hook key generated because none was configured, and where it is kept. */
export interface GeneratedHookKey {
  readonly key: string;
  /** The file that keeps it across restarts; `null` when the embedded database is in memory too. */
  readonly file: string | null;
}

/**
 * Where a generated key is kept: beside the embedded database's directory (`.data/` by default),
 * which holds the app's state on a machine without a database server. Nothing is kept when that
 * database lives in memory: the key then lasts as long as the stored events do.
 */
export function hookKeyFileOf(env: NodeJS.ProcessEnv): string | null {
  const dataDir = env.PGLITE_DATA_DIR || EMBEDDED_DATA_DIR;
  if (!env.DATABASE_URL && dataDir.startsWith('memory://')) return null;
  return join(dirname(resolve(dataDir.startsWith('memory://') ? EMBEDDED_DATA_DIR : dataDir)), 'crisp-webhook-key');
}

/**
 * The key kept in `file`, or a new one written there (readable by this user only), so that the URL
 * pasted into Crisp goes on working after a restart.
 */
export function generatedHookKey(file: string | null): GeneratedHookKey {
  if (file) {
    try {
      const kept = readFileSync(file, 'utf8').trim();
      if (kept.length > 0) return { key: kept, file };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const key = randomBytes(24).toString('base64url');
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
  }
  return { key, file };
}
