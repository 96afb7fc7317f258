import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CRISP_API_MODULE_OPTIONS } from './crisp-api.constants';
import type { CrispApiModuleExtras, CrispApiModuleOptions } from './crisp-api-module-options.interface';
import { withCrispApiRuntime } from './crisp-api.providers';

export const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<CrispApiModuleOptions>({
    moduleName: 'CrispApi',
    optionsInjectionToken: CRISP_API_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createCrispApiOptions')
    .setExtras<CrispApiModuleExtras>({ isGlobal: false }, withCrispApiRuntime)
    .build();

/** What `CrispApiModule.forRoot()` takes: the options and the extras. @publicApi */
export type CrispApiModuleRootOptions = typeof OPTIONS_TYPE;

/** What `CrispApiModule.forRootAsync()` takes: `imports`, `inject`, a factory, class or existing provider, and the extras. @publicApi */
export type CrispApiModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
