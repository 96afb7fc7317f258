/**
 * A mistake in how the module is set up (options, handlers, host app), found at start-up.
 *
 * @publicApi
 */
export class CrispWebhooksConfigurationError extends Error {
  override readonly name = 'CrispWebhooksConfigurationError';
}
