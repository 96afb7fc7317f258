import { ANY_CRISP_EVENT, CRISP_EVENT_NAMES, isCrispEventName } from '../events/crisp-event-pattern.util';

/**
 * Prefix of the names the module emits on `EventEmitter2`, so Crisp's `message:send` never collides
 * with an event of the host app. Hosts may listen with `@OnEvent('crisp.message:send')`.
 */
const CRISP_EMITTER_PREFIX = 'crisp.';

/** Channel on which events outside the catalogue are emitted, for `'*'` handlers. @internal */
const UNKNOWN_EVENT_CHANNEL = `${CRISP_EMITTER_PREFIX}unknown`;

/**
 * Channel of the module's erasures (`@OnCrispErasure()`); no Crisp event has a name without a colon, so it
 * never collides with one. @internal
 */
export const CRISP_ERASURE_CHANNEL = `${CRISP_EMITTER_PREFIX}erasure`;

/** The EventEmitter2 names a delivery of event `name` is emitted on. @internal */
export const crispEventChannel = (name: string): string =>
  isCrispEventName(name) ? CRISP_EMITTER_PREFIX + name : UNKNOWN_EVENT_CHANNEL;

/** The EventEmitter2 names a handler subscribed to `name` (an exact name or `'*'`) listens on. @internal */
export const crispHandlerChannels = (name: string): readonly string[] =>
  name === ANY_CRISP_EVENT
    ? [...CRISP_EVENT_NAMES.map((known) => CRISP_EMITTER_PREFIX + known), UNKNOWN_EVENT_CHANNEL]
    : [crispEventChannel(name)];
