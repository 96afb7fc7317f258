import { CRISP_ERASURE_HANDLER_METADATA } from '../crisp-webhooks.constants';
import type { CrispErasure } from '../admin/crisp-erasure';

/**
 * Subscribes a provider method to the module's erasures (a privacy request through the admin API, the
 * CLI or `CrispWebhookEventsAdmin.erase()`): erase the host's copies of that person's data there. Every
 * erasure handler runs, and must succeed, before the module deletes its own rows; one that throws fails
 * the erasure, which can then be asked again. Also emitted as the EventEmitter2 event `crisp.erasure`.
 *
 * @example
 * ```ts
 * @OnCrispErasure()
 * async erase({ sessionIds }: CrispErasure) {
 *   await this.messages.delete({ sessionId: In([...sessionIds]) });
 * }
 * ```
 * @publicApi
 */
export function OnCrispErasure() {
  return <T extends (erasure: CrispErasure) => unknown>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void => {
    Reflect.defineMetadata(CRISP_ERASURE_HANDLER_METADATA, true, descriptor.value as object);
  };
}
