import { ERASURE_FAILED } from '../crisp-webhooks.messages';

/**
 * An erasure stopped because `@OnCrispErasure()` handlers threw (each is logged with its error): the
 * module kept its stored events, so asking for the same erasure again finds the same person.
 *
 * @publicApi
 */
export class CrispErasureFailedError extends Error {
  /**
   * Always `'CrispErasureFailedError'`: recognisable by name in logs, and where `instanceof` fails across copies of the
   * package.
   */
  override readonly name = 'CrispErasureFailedError';

  constructor(
    /** `Class.method` of each handler that threw. */
    readonly handlers: readonly string[],
  ) {
    super(ERASURE_FAILED(handlers));
  }
}
