import { Inject } from '@nestjs/common';
import { CRISP_WEBHOOKS_MODULE_OPTIONS } from '../crisp-webhooks.constants';

/** Injects the options passed to `CrispWebhooksModule.forRoot()` / `forRootAsync()`. @publicApi */
export const InjectCrispWebhooksOptions = (): ParameterDecorator => Inject(CRISP_WEBHOOKS_MODULE_OPTIONS);
