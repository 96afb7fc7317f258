/**
 * A mistake in how the module is set up (options, handlers, host app), found at start-up.
 *
 * @publicApi
 */
export class CrispWebhooksConfigurationError extends Error {
  /**
   * Always `'CrispWebhooksConfigurationError'`: recognisable by name in logs, and where `instanceof` fails across
   * copies of the package.
   */
  override readonly name = 'CrispWebhooksConfigurationError';
}
