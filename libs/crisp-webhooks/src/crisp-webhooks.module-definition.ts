import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CRISP_WEBHOOKS_MODULE_OPTIONS, DEFAULT_CRISP_WEBHOOKS_PATH } from './crisp-webhooks.constants';
import { withCrispWebhooksRuntime } from './crisp-webhooks.providers';
import type { CrispWebhooksModuleExtras, CrispWebhooksModuleOptions } from './interfaces';

/** What Nest's `ConfigurableModuleBuilder` makes of the options; its parts are exported one by one below. */
const definition = new ConfigurableModuleBuilder<CrispWebhooksModuleOptions>({
  moduleName: 'CrispWebhooks',
  optionsInjectionToken: CRISP_WEBHOOKS_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createCrispWebhooksOptions')
  .setExtras<CrispWebhooksModuleExtras>(
    { path: DEFAULT_CRISP_WEBHOOKS_PATH, decorators: [], isGlobal: false },
    withCrispWebhooksRuntime,
  )
  .build();

/** The base class of `CrispWebhooksModule`: it gives the module its `forRoot()` and `forRootAsync()`. */
export const ConfigurableModuleClass = definition.ConfigurableModuleClass;

/** What `forRoot()` takes, as `CrispWebhooksModuleRootOptions` names it; a type only: Nest's value throws when read. */
export const OPTIONS_TYPE = definition.OPTIONS_TYPE;

/**
 * What `forRootAsync()` takes, as `CrispWebhooksModuleAsyncOptions` names it; a type only: Nest's value throws when
 * read.
 */
export const ASYNC_OPTIONS_TYPE = definition.ASYNC_OPTIONS_TYPE;

/** What `CrispWebhooksModule.forRoot()` takes: the options and the extras. @publicApi */
export type CrispWebhooksModuleRootOptions = typeof OPTIONS_TYPE;

/** What `CrispWebhooksModule.forRootAsync()` takes: `imports`, `inject`, a factory, class or existing provider, and the extras. @publicApi */
export type CrispWebhooksModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
