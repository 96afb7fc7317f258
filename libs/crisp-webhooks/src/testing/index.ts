export { crispEvent, type CrispEventEnvelope, type CrispEventOverrides } from './crisp-event.factory';
export { CRISP_EVENT_SAMPLES } from './crisp-event-samples';
export { crispSignatureHeaders } from './crisp-signature-headers';
export { CrispWebhooksTestingModule, type CrispWebhooksTestingOptions } from './crisp-webhooks-testing.module';
export { type CrispEmitOptions, type CrispHandlerResult, CrispWebhooksTesting } from './crisp-webhooks-testing';
export { postCrispHook, type CrispHookResponse, type PostCrispHookOptions } from './post-crisp-hook';
