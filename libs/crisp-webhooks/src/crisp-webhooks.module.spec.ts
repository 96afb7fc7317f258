import 'reflect-metadata';
import { type DynamicModule, Global, Inject, Injectable, Logger, Module, SetMetadata, type Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CrispEventDispatcher } from './delivery/crisp-event.dispatcher';
import { CrispHandlerOutcome } from './delivery/crisp-handler-outcome';
import { resolveCrispWebhooksConfig } from './config/crisp-webhooks.config';
import { CrispWebhooksModule } from './crisp-webhooks.module';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_INSTANCE,
  CRISP_WEBHOOKS_MODULE_OPTIONS,
} from './crisp-webhooks.constants';
import { InjectCrispWebhooksOptions, OnCrispEvent } from './decorators';
import { CrispWebhooksConfigurationError } from './errors';
import type { CrispEvent } from './events/crisp-event.types';
import type { CrispWebhooksConfig, CrispWebhooksModuleOptions } from './interfaces';
import { CrispWebhookInbox } from './persistence/crisp-webhook-inbox';
import { CrispWebhookQueue } from './persistence/crisp-webhook-queue';
import { crispEvent } from './testing';

/**
 * The few members of a TypeORM DataSource the module touches: at start-up (TypeOrmModule.forFeature
 * builds a repository), and to store, claim and record events (`query`, directly or through a query
 * runner). Every statement goes to the one `query` mock and finds no row, so the worker's polls find
 * nothing to run. The database itself is covered by e2e tests.
 */
const fakeDataSource = () => {
  const query = jest.fn((_sql: string, _params?: unknown[]): Promise<unknown[]> => Promise.resolve([]));
  return {
    options: { type: 'postgres' },
    entityMetadatas: [],
    getRepository: (target: unknown) => ({ target }),
    query,
    createQueryRunner: () => ({
      query: async (sql: string, params?: unknown[], structured?: boolean) => {
        const records = await query(sql, params);
        return structured ? { records, affected: records.length } : records;
      },
      // node-postgres's client, to which the inbox sends its named statement.
      connect: async () => ({
        query: async ({ text, values }: { text: string; values: unknown[] }) => ({ rows: await query(text, values) }),
      }),
      release: () => Promise.resolve(),
    }),
  };
};

/** The id this app instance's leases carry. */
const instanceOf = (moduleRef: TestingModule) => moduleRef.get<string>(CRISP_WEBHOOKS_INSTANCE, { strict: false });

/** Stands in for TypeOrmModule.forRoot(): a global module providing the data source `name`. */
function fakeTypeOrmRoot(dataSource: object, name?: string): Type {
  @Global()
  @Module({
    providers: [{ provide: getDataSourceToken(name), useValue: dataSource }],
    exports: [getDataSourceToken(name)],
  })
  class FakeTypeOrmRootModule {}
  return FakeTypeOrmRootModule;
}

/** Starts a host app importing `crispModule`, as an app does: emitter, data source, then the module. */
async function startHost(
  crispModule: DynamicModule,
  dataSource: object = fakeDataSource(),
  name?: string,
  hostModules: Type[] = [],
) {
  const moduleRef = await Test.createTestingModule({
    imports: [EventEmitterModule.forRoot(), fakeTypeOrmRoot(dataSource, name), crispModule, ...hostModules],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

const configOf = (moduleRef: TestingModule) =>
  moduleRef.get<CrispWebhooksConfig>(CRISP_WEBHOOKS_CONFIG, { strict: false });
const controllerOf = (module: DynamicModule) => {
  expect(module.controllers).toHaveLength(1);
  return module.controllers![0];
};

/** Settings a host reads its options from, injected by type. */
@Injectable()
class HostSettings {
  readonly keys = ['async-key-1', 'async-key-2'];
  readonly invalidEvents = 'reject' as const;
}

@Module({ providers: [HostSettings], exports: [HostSettings] })
class HostSettingsModule {}

@Injectable()
class CrispOptionsFactory {
  constructor(private readonly settings: HostSettings) {}

  createCrispWebhooksOptions(): CrispWebhooksModuleOptions {
    return { keys: this.settings.keys, invalidEvents: this.settings.invalidEvents };
  }
}

@Module({ imports: [HostSettingsModule], providers: [CrispOptionsFactory], exports: [CrispOptionsFactory] })
class CrispOptionsModule {}

/** A feature module of the host with a handler. */
@Injectable()
class HostHandlers {
  readonly received: unknown[] = [];

  @OnCrispEvent('message:send')
  onMessage(event: CrispEvent<'message:send'>) {
    this.received.push(event);
  }
}

@Module({ providers: [HostHandlers] })
class HostHandlersModule {}

/** A provider of the host that reads the module's options and configuration. */
@Injectable()
class HostOptionsReader {
  constructor(
    @InjectCrispWebhooksOptions() readonly options: CrispWebhooksModuleOptions,
    @Inject(CRISP_WEBHOOKS_CONFIG) readonly config: CrispWebhooksConfig,
  ) {}
}

/** A feature module of the host that does not import CrispWebhooksModule. */
@Module({ providers: [HostOptionsReader] })
class HostOptionsModule {}

/** A feature module of the host that imports `crispModule` itself. */
function hostImporting(crispModule: DynamicModule): Type {
  @Module({ imports: [crispModule], providers: [HostOptionsReader] })
  class HostFeatureModule {}
  return HostFeatureModule;
}

/** Lets the worker's first poll, started at bootstrap, reach the data source. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 800;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** What the host's settings resolve to; the defaults themselves are checked in crisp-webhooks.config.spec.ts. */
const ASYNC_CONFIG = resolveCrispWebhooksConfig({ keys: ['async-key-1', 'async-key-2'], invalidEvents: 'reject' });

describe('CrispWebhooksModule', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  describe('forRoot', () => {
    it('starts with a key, applying the defaults', async () => {
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'] }));
      expect(configOf(moduleRef)).toEqual(resolveCrispWebhooksConfig({ keys: ['k1'] }));
    });

    it('provides the options as given, without the extras', async () => {
      const options = { keys: ['k1'], bodyLimit: 4096, path: 'hooks/crisp', isGlobal: true, decorators: [] };
      moduleRef = await startHost(CrispWebhooksModule.forRoot(options));
      expect(moduleRef.get(CRISP_WEBHOOKS_MODULE_OPTIONS, { strict: false })).toEqual({
        keys: ['k1'],
        bodyLimit: 4096,
      });
    });

    it("answers on 'crisp/hooks' by default, with one controller", () => {
      const module = CrispWebhooksModule.forRoot({ keys: ['k1'] });
      expect(Reflect.getMetadata(PATH_METADATA, controllerOf(module))).toBe('crisp/hooks');
      expect(module.global).toBe(false);
    });

    it('answers on the path given, and is global when asked', () => {
      const module = CrispWebhooksModule.forRoot({ keys: ['k1'], path: 'integrations/crisp', isGlobal: true });
      expect(Reflect.getMetadata(PATH_METADATA, controllerOf(module))).toBe('integrations/crisp');
      expect(module.global).toBe(true);
    });

    it('applies the extra decorators to its controller only', () => {
      const Public = () => SetMetadata('isPublic', true);
      const decorated = controllerOf(CrispWebhooksModule.forRoot({ keys: ['k1'], decorators: [Public()] }));
      const plain = controllerOf(CrispWebhooksModule.forRoot({ keys: ['k1'] }));
      expect(Reflect.getMetadata('isPublic', decorated)).toBe(true);
      expect(Reflect.getMetadata('isPublic', plain)).toBeUndefined();
    });

    it('builds a distinct controller for each registration', () => {
      const first = controllerOf(CrispWebhooksModule.forRoot({ keys: ['k1'], path: 'a' }));
      const second = controllerOf(CrispWebhooksModule.forRoot({ keys: ['k1'], path: 'b' }));
      expect(first).not.toBe(second);
      expect(Reflect.getMetadata(PATH_METADATA, first)).toBe('a');
    });

    it('stores deliveries through the default data source', async () => {
      const dataSource = fakeDataSource();
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'] }), dataSource);
      const inbox = moduleRef.get(CrispWebhookInbox, { strict: false });
      const result = await inbox.store({
        websiteId: 'website-12',
        event: 'message:send',
        data: { session_id: 'session-12' },
        timestamp: 0,
        status: 'received',
        errors: null,
        dedupKey: Buffer.alloc(32),
        deliveryAttempt: null,
        rawBody: null,
        lease: true,
      });
      // The fake data source inserts no row, which the inbox takes for a repeated delivery.
      expect(result).toEqual({ id: undefined });
      expect(dataSource.query).toHaveBeenCalledWith(expect.stringContaining('INSERT INTO "crisp_webhook_events"'), [
        expect.stringMatching(/"website_id":"website-12".*"session_key":"website-12:session-12"/),
        instanceOf(moduleRef),
        30,
      ]);
    });

    it('records runs through the named data source given', async () => {
      const named = fakeDataSource();
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'], dataSource: 'crisp' }), named, 'crisp');
      const queue = moduleRef.get(CrispWebhookQueue, { strict: false });
      const errors = [{ handler: 'A.b', message: 'down' }];
      await queue.record([{ id: '13', attempt: 3, status: 'failed', done: ['A.c'], dead: [], errors, retryInMs: 250 }]);
      expect(named.query).toHaveBeenCalledWith(expect.stringContaining('UPDATE "crisp_webhook_events"'), [
        JSON.stringify([
          {
            id: '13',
            attempt: 3,
            status: 'failed',
            done: ['A.c'],
            dead: [],
            failed: ['A.b'],
            errors,
            retry_in_ms: 250,
          },
        ]),
        instanceOf(moduleRef),
      ]);
    });

    it('polls the queue at start-up, for the events a previous run left unfinished', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const dataSource = fakeDataSource();
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'] }), dataSource);
      await until(() => dataSource.query.mock.calls.length > 0, 'the first poll');
      await new Promise((resolve) => setTimeout(resolve, 10));
      // The poll went through: a failed one would log the database unreachable.
      expect(warn).not.toHaveBeenCalled();
      warn.mockRestore();
      // Leases for the default 30 s, as many events as twice the default concurrency of 128, one event at
      // most whose run ended with its process (none is held yet), and the whole default byte budget.
      expect(dataSource.query).toHaveBeenCalledWith(expect.stringContaining('FOR UPDATE SKIP LOCKED'), [
        instanceOf(moduleRef),
        30,
        256,
        1,
        [],
        33_554_432,
      ]);
    });

    it("binds the host's @OnCrispEvent handlers at start-up and dispatches to them", async () => {
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'] }), undefined, undefined, [
        HostHandlersModule,
      ]);
      expect(moduleRef.get(EventEmitter2).listenerCount('crisp.message:send')).toBe(1);
      const event = { id: '5', known: true, ...crispEvent('message:send') } as unknown as CrispEvent<'message:send'>;
      const outcomes = await moduleRef.get(CrispEventDispatcher, { strict: false }).dispatch(event);
      expect(outcomes).toEqual([
        new CrispHandlerOutcome('HostHandlers.onMessage', true, undefined, expect.any(Number)),
      ]);
      expect(moduleRef.get(HostHandlers).received).toEqual([event]);
    });
  });

  describe('forRootAsync', () => {
    it('resolves the options with useFactory, injecting from its imports', async () => {
      moduleRef = await startHost(
        CrispWebhooksModule.forRootAsync({
          imports: [HostSettingsModule],
          inject: [HostSettings],
          useFactory: (settings: HostSettings) => ({ keys: settings.keys, invalidEvents: settings.invalidEvents }),
        }),
      );
      expect(configOf(moduleRef)).toEqual(ASYNC_CONFIG);
    });

    it('resolves the options with useClass, whose constructor is injected by type', async () => {
      moduleRef = await startHost(
        CrispWebhooksModule.forRootAsync({ imports: [HostSettingsModule], useClass: CrispOptionsFactory }),
      );
      expect(configOf(moduleRef)).toEqual(ASYNC_CONFIG);
    });

    it('resolves the options with useExisting, from a factory an imported module exports', async () => {
      moduleRef = await startHost(
        CrispWebhooksModule.forRootAsync({ imports: [CrispOptionsModule], useExisting: CrispOptionsFactory }),
      );
      expect(configOf(moduleRef)).toEqual(ASYNC_CONFIG);
    });

    it('takes the path, decorators and global flag beside the factory', () => {
      const module = CrispWebhooksModule.forRootAsync({
        useFactory: () => ({ keys: ['k1'] }),
        path: 'async/hooks',
        isGlobal: true,
        decorators: [SetMetadata('isPublic', true)],
      });
      const controller = controllerOf(module);
      expect(Reflect.getMetadata(PATH_METADATA, controller)).toBe('async/hooks');
      expect(Reflect.getMetadata('isPublic', controller)).toBe(true);
      expect(module.global).toBe(true);
    });
  });

  describe('bad options stop the app at start-up', () => {
    it.each<[string, CrispWebhooksModuleOptions]>([
      ['no keys', { keys: [] }],
      ['an empty key', { keys: ['k1', ''] }],
      ['a bad bodyLimit', { keys: ['k1'], bodyLimit: -1 }],
      ['bad invalidEvents', { keys: ['k1'], invalidEvents: 'drop' as 'reject' }],
    ])('forRoot with %s', async (_label, options) => {
      await expect(startHost(CrispWebhooksModule.forRoot(options))).rejects.toThrow(CrispWebhooksConfigurationError);
    });

    it('forRootAsync whose factory returns bad options', async () => {
      const module = CrispWebhooksModule.forRootAsync({ useFactory: async () => ({ keys: ['k1'], bodyLimit: 0 }) });
      await expect(startHost(module)).rejects.toThrow(/bodyLimit must be a positive number/);
    });

    it('forRoot in an app without EventEmitterModule, telling to import EventEmitterModule.forRoot()', async () => {
      const error: unknown = await Test.createTestingModule({
        imports: [fakeTypeOrmRoot(fakeDataSource()), CrispWebhooksModule.forRoot({ keys: ['k1'] })],
      })
        .compile()
        .catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(CrispWebhooksConfigurationError);
      expect((error as Error).message).toContain('Import EventEmitterModule.forRoot()');
    });
  });

  describe('options injected in the host', () => {
    it('reach a host provider with @InjectCrispWebhooksOptions() when the module is global', async () => {
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'], isGlobal: true }), undefined, undefined, [
        HostOptionsModule,
      ]);
      const reader = moduleRef.get(HostOptionsReader);
      expect(reader.options).toEqual({ keys: ['k1'] });
      expect(reader.config).toBe(configOf(moduleRef));
    });

    it('reach a host provider when the module is global and registered with forRootAsync', async () => {
      const crispModule = CrispWebhooksModule.forRootAsync({ useFactory: () => ({ keys: ['k2'] }), isGlobal: true });
      moduleRef = await startHost(crispModule, undefined, undefined, [HostOptionsModule]);
      expect(moduleRef.get(HostOptionsReader).options).toEqual({ keys: ['k2'] });
    });

    it('reach a provider of a module that imports CrispWebhooksModule', async () => {
      moduleRef = await Test.createTestingModule({
        imports: [
          EventEmitterModule.forRoot(),
          fakeTypeOrmRoot(fakeDataSource()),
          hostImporting(CrispWebhooksModule.forRoot({ keys: ['k3'] })),
        ],
      }).compile();
      await moduleRef.init();
      const reader = moduleRef.get(HostOptionsReader, { strict: false });
      expect(reader.options).toEqual({ keys: ['k3'] });
      expect(reader.config).toEqual(resolveCrispWebhooksConfig({ keys: ['k3'] }));
    });

    it('do not reach a module that neither imports the module nor has it global', async () => {
      const start = startHost(CrispWebhooksModule.forRoot({ keys: ['k1'] }), undefined, undefined, [HostOptionsModule]);
      await expect(start).rejects.toThrow(/HostOptionsReader/);
    });
  });
});
