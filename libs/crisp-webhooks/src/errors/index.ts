export { CrispWebhooksConfigurationError } from './crisp-webhooks-configuration.error';
export { CrispErasureFailedError } from './crisp-erasure-failed.error';
export { CrispNonRetryableError } from './crisp-non-retryable.error';
