import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CRISP_API_MODULE_OPTIONS } from './crisp-api.constants';
import type { CrispApiModuleExtras, CrispApiModuleOptions } from './crisp-api-module-options.interface';
import { withCrispApiRuntime } from './crisp-api.providers';

/** What Nest's `ConfigurableModuleBuilder` makes of the options; its parts are exported one by one below. */
const definition = new ConfigurableModuleBuilder<CrispApiModuleOptions>({
  moduleName: 'CrispApi',
  optionsInjectionToken: CRISP_API_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createCrispApiOptions')
  .setExtras<CrispApiModuleExtras>({ isGlobal: false }, withCrispApiRuntime)
  .build();

/** The base class of `CrispApiModule`: it gives the module its `forRoot()` and `forRootAsync()`. */
export const ConfigurableModuleClass = definition.ConfigurableModuleClass;

/** What `forRoot()` takes, as `CrispApiModuleRootOptions` names it; a type only: Nest's value throws when read. */
export const OPTIONS_TYPE = definition.OPTIONS_TYPE;

/**
 * What `forRootAsync()` takes, as `CrispApiModuleAsyncOptions` names it; a type only: Nest's value throws when read.
 */
export const ASYNC_OPTIONS_TYPE = definition.ASYNC_OPTIONS_TYPE;

/** What `CrispApiModule.forRoot()` takes: the options and the extras. @publicApi */
export type CrispApiModuleRootOptions = typeof OPTIONS_TYPE;

/** What `CrispApiModule.forRootAsync()` takes: `imports`, `inject`, a factory, class or existing provider, and the extras. @publicApi */
export type CrispApiModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
