import type { INestApplication, ModuleMetadata, Provider, Type } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  CRISP_WEBHOOKS_MIGRATIONS,
  CrispWebhooksModule,
  type CrispWebhooksModuleExtras,
  type CrispWebhooksModuleOptions,
} from 'nestjs-crisp-webhooks';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CapturingLogger } from './capturing-logger';
import { createTestDatabase } from './test-database';
import { waitFor } from './wait-for';

export const TEST_KEY = 'e2e-key-0123456789';

/** A row of `crisp_webhook_events`, as the tests read it. */
export interface StoredEventRow {
  id: string;
  website_id: string;
  event: string;
  data: Record<string, unknown>;
  occurred_at: Date;
  received_at: Date;
  status: string;
  errors: unknown;
  delivery_attempt: number | null;
  attempts: number;
  raw_body: Buffer | null;
  altered: boolean;
}

export interface PostOptions {
  /** `null` sends no key at all. @default TEST_KEY */
  key?: string | null;
  path?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface TestApp {
  readonly app: INestApplication;
  readonly db: DataSource;
  /** Every line the app logged (nothing is printed). */
  readonly logs: CapturingLogger;
  /** POSTs a hook; a string body is sent as is, anything else as JSON. */
  post(body: unknown, options?: PostOptions): request.Test;
  events(): Promise<StoredEventRow[]>;
  /** Listens on a free local port and gives the hook URL with the test key, for load over real sockets. */
  listen(): Promise<string>;
  /** Waits until no stored event is still `received` (its handlers have all run). */
  settled(): Promise<StoredEventRow[]>;
  close(): Promise<void>;
}

interface Extra {
  imports?: ModuleMetadata['imports'];
  providers?: Provider[];
}

async function start(root: Type | ModuleMetadata, extra: Extra, cleanup: () => Promise<void>): Promise<TestApp> {
  const metadata = typeof root === 'function' ? { imports: [root] } : root;
  const moduleRef = await Test.createTestingModule({
    imports: [...(metadata.imports ?? []), ...(extra.imports ?? [])],
    providers: [...(metadata.providers ?? []), ...(extra.providers ?? [])],
    controllers: metadata.controllers,
  }).compile();
  const logs = new CapturingLogger();
  const app = moduleRef.createNestApplication({ logger: logs });
  await app.init();
  const db = app.get(DataSource);
  const events = () => db.query(`SELECT * FROM "crisp_webhook_events" ORDER BY "id"`) as Promise<StoredEventRow[]>;
  return {
    app,
    db,
    logs,
    events,
    post(body, { key = TEST_KEY, path = '/crisp/hooks', contentType = 'application/json', headers = {} } = {}) {
      const url = key === null ? path : `${path}?key=${encodeURIComponent(key)}`;
      const test = request(app.getHttpServer()).post(url).set('Content-Type', contentType).set(headers);
      return test.send(typeof body === 'string' ? body : JSON.stringify(body));
    },
    async listen() {
      await app.listen(0, '127.0.0.1');
      return `${await app.getUrl()}/crisp/hooks?key=${TEST_KEY}`;
    },
    settled: () =>
      waitFor(async () => {
        const rows = await events();
        return rows.every((row) => row.status !== 'received') && rows;
      }),
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/**
 * Boots the example app (src/) on a fresh database of the test server, configured through the
 * environment as in production. `embedded: true` runs it on an in-memory PGlite instead.
 */
export async function startExampleApp(
  options: Extra & { env?: Record<string, string>; embedded?: boolean } = {},
): Promise<TestApp> {
  const database = options.embedded ? undefined : await createTestDatabase();
  const saved = { ...process.env };
  Object.assign(process.env, { CRISP_WEBHOOK_KEYS: TEST_KEY, ...options.env });
  if (database) process.env.DATABASE_URL = database.url;
  else {
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DATA_DIR = 'memory://';
  }
  try {
    // Imported when used: its TypeORM registration would otherwise clash with a host app's in the same file.
    const { AppModule } = await import('../../src/app.module.js');
    return await start(AppModule, options, async () => {
      await database?.drop();
    });
  } finally {
    process.env = saved;
  }
}

/**
 * Boots a minimal host app around `CrispWebhooksModule.forRoot(options)`, for behaviours the example
 * app does not configure (reject mode, a host's own global pipes and guards, other paths).
 */
export async function startHostApp(
  options: Extra & {
    crisp?: Partial<CrispWebhooksModuleOptions> & CrispWebhooksModuleExtras;
    controllers?: Type[];
    /** Connects through this local port (a TCP proxy to the test server) instead of directly. */
    viaPort?: number;
    /** Another instance on this app's database (which that app drops: close this one first). */
    sharing?: TestApp;
  } = {},
): Promise<TestApp> {
  const database = options.sharing
    ? { url: (options.sharing.db.options as { url: string }).url, drop: async () => undefined }
    : await createTestDatabase();
  const url = new URL(database.url);
  if (options.viaPort) url.port = String(options.viaPort);
  const root: ModuleMetadata = {
    imports: [
      EventEmitterModule.forRoot(),
      TypeOrmModule.forRoot({
        type: 'postgres',
        url: url.toString(),
        extra: { connectionTimeoutMillis: 1000 },
        retryAttempts: 0,
        autoLoadEntities: true,
        migrations: CRISP_WEBHOOKS_MIGRATIONS,
        migrationsRun: true,
      }),
      CrispWebhooksModule.forRoot({ keys: [TEST_KEY], ...options.crisp }),
    ],
    controllers: options.controllers,
  };
  return start(root, options, () => database.drop());
}
