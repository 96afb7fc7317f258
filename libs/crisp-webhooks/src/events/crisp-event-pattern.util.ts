import { CrispWebhooksConfigurationError } from '../errors';
import { UNKNOWN_EVENT_PATTERN } from '../crisp-webhooks.messages';
import { CRISP_EVENT_DTOS } from './crisp-event.registry';
import type { CrispEventName } from './crisp-event.types';

/** Every known event name, in catalogue order. @publicApi */
export const CRISP_EVENT_NAMES = Object.keys(CRISP_EVENT_DTOS) as readonly CrispEventName[];

/** Whether `name` is an event of the catalogue. @publicApi */
export const isCrispEventName = (name: unknown): name is CrispEventName =>
  typeof name === 'string' && Object.hasOwn(CRISP_EVENT_DTOS, name);

/** The subscription key of handlers of `'*'`, which also receive events outside the catalogue. @internal */
export const ANY_CRISP_EVENT = '*';

/**
 * The names a pattern subscribes to. `'*'` stays `'*'` so that its handlers also see events Crisp
 * adds later; a family wildcard expands against the catalogue here, not in EventEmitter2, so it
 * works whatever wildcard and delimiter settings the host app gives its emitter.
 */
export function expandCrispEventPattern(pattern: string): readonly string[] {
  if (pattern === ANY_CRISP_EVENT) return [ANY_CRISP_EVENT];
  if (isCrispEventName(pattern)) return [pattern];
  if (pattern.endsWith(':*')) {
    const family = pattern.slice(0, -1);
    const names = CRISP_EVENT_NAMES.filter((name) => name.startsWith(family));
    if (names.length > 0) return names;
  }
  throw new CrispWebhooksConfigurationError(UNKNOWN_EVENT_PATTERN(pattern));
}
