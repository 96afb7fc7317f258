export { OnCrispEvent, type OnCrispEventOptions } from './on-crisp-event.decorator';
export { InjectCrispWebhooksOptions } from './inject-crisp-webhooks-options.decorator';
export { OnCrispErasure } from './on-crisp-erasure.decorator';
