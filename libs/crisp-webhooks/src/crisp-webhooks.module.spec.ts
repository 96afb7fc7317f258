import 'reflect-metadata';
import { type DynamicModule, Global, Injectable, Module, SetMetadata, type Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { CrispWebhooksModule } from './crisp-webhooks.module';
import { CRISP_WEBHOOKS_CONFIG, CRISP_WEBHOOKS_MODULE_OPTIONS } from './crisp-webhooks.constants';
import { CrispWebhooksConfigurationError } from './errors';
import type { CrispWebhooksConfig, CrispWebhooksModuleOptions } from './interfaces';
import { CrispWebhookInbox } from './persistence/crisp-webhook-inbox';

/**
 * The few members of a TypeORM DataSource the module touches at start-up (TypeOrmModule.forFeature
 * builds a repository) and when recording an outcome (`query`). The database itself is covered by e2e tests.
 */
const fakeDataSource = () => ({
  options: { type: 'postgres' },
  entityMetadatas: [],
  getRepository: (target: unknown) => ({ target }),
  query: jest.fn().mockResolvedValue([]),
});

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
async function startHost(crispModule: DynamicModule, dataSource: object = fakeDataSource(), name?: string) {
  const moduleRef = await Test.createTestingModule({
    imports: [EventEmitterModule.forRoot(), fakeTypeOrmRoot(dataSource, name), crispModule],
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

const ASYNC_CONFIG: CrispWebhooksConfig = {
  keys: ['async-key-1', 'async-key-2'],
  bodyLimit: 1024 * 1024,
  invalidEvents: 'reject',
};

describe('CrispWebhooksModule', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  describe('forRoot', () => {
    it('starts with a key, applying the defaults', async () => {
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'] }));
      expect(configOf(moduleRef)).toEqual({ keys: ['k1'], bodyLimit: 1024 * 1024, invalidEvents: 'quarantine' });
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
      await moduleRef.get(CrispWebhookInbox, { strict: false }).markFinished('12', 'processed', null);
      expect(dataSource.query).toHaveBeenCalledWith(expect.stringContaining('UPDATE "crisp_webhook_events"'), [
        '12',
        'processed',
        null,
      ]);
    });

    it('stores deliveries through the named data source given', async () => {
      const named = fakeDataSource();
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'], dataSource: 'crisp' }), named, 'crisp');
      await moduleRef.get(CrispWebhookInbox, { strict: false }).markFinished('13', 'failed', [{ handler: 'A.b' }]);
      expect(named.query).toHaveBeenCalledWith(expect.any(String), ['13', 'failed', '[{"handler":"A.b"}]']);
    });

    it('binds @OnCrispEvent handlers on the host emitter at start-up', async () => {
      moduleRef = await startHost(CrispWebhooksModule.forRoot({ keys: ['k1'] }));
      // A host without handlers: the explorer ran (it would have thrown without an emitter) and bound nothing.
      expect(moduleRef.get(EventEmitter2).listenerCount('crisp.message:send')).toBe(0);
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

    it('forRoot in an app without EventEmitterModule', async () => {
      const start = Test.createTestingModule({
        imports: [fakeTypeOrmRoot(fakeDataSource()), CrispWebhooksModule.forRoot({ keys: ['k1'] })],
      }).compile();
      await expect(start).rejects.toThrow(/EventEmitter2/);
    });
  });
});
