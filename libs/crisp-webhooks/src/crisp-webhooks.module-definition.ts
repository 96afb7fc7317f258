import { ConfigurableModuleBuilder } from '@nestjs/common';
import { CRISP_WEBHOOKS_MODULE_OPTIONS, DEFAULT_CRISP_WEBHOOKS_PATH } from './crisp-webhooks.constants';
import { withCrispWebhooksRuntime } from './crisp-webhooks.providers';
import type { CrispWebhooksModuleExtras, CrispWebhooksModuleOptions } from './interfaces';

export const { ConfigurableModuleClass, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<CrispWebhooksModuleOptions>({
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

/** What `CrispWebhooksModule.forRoot()` takes: the options and the extras. @publicApi */
export type CrispWebhooksModuleRootOptions = typeof OPTIONS_TYPE;

/** What `CrispWebhooksModule.forRootAsync()` takes: `imports`, `inject`, a factory, class or existing provider, and the extras. @publicApi */
export type CrispWebhooksModuleAsyncOptions = typeof ASYNC_OPTIONS_TYPE;
