export { CrispWebhooksConfigurationError } from './crisp-webhooks-configuration.error';
