import type { CRISP_EVENT_DTOS } from './crisp-event.registry';

/** The name of an event the module knows, e.g. `'message:send'`. @publicApi */
export type CrispEventName = keyof typeof CRISP_EVENT_DTOS;

/** The validated `data` of event `K`. @publicApi */
export type CrispEventData<K extends CrispEventName> = InstanceType<(typeof CRISP_EVENT_DTOS)[K]>;

/** What every handler receives, whether the event is known or not: the stored row's id, the envelope, and the data. */
interface CrispDelivery<N extends string, D, Known extends boolean> {
  /** Id of the row in `crisp_webhook_events` this event is stored in. */
  readonly id: string;
  /** `true` when the event is in the catalogue and its data was validated. */
  readonly known: Known;
  /** The envelope's `website_id`: the Crisp website the event happened in. */
  readonly website_id: string;
  /** The event's name, e.g. `message:send`: a handler of several events narrows the type on it. */
  readonly event: N;
  /**
   * The event's `data`: validated against its DTO when the event is known (`known: true`), as Crisp sent it otherwise.
   */
  readonly data: D;
  /** When Crisp emitted the event, in ms since the epoch. */
  readonly timestamp: number;
}

/**
 * What a handler of event `K` receives. A union of names gives a union that narrows on `event`.
 * @publicApi
 */
export type CrispEvent<K extends CrispEventName = CrispEventName> = K extends CrispEventName
  ? CrispDelivery<K, CrispEventData<K>, true>
  : never;

/** An event whose name the module does not know (Crisp added it later): stored, and seen only by `'*'`. @publicApi */
export type CrispUnknownEvent = CrispDelivery<string, unknown, false>;

/** The family of an event name: `'message'` for `'message:send'`. */
type Family<N> = N extends `${infer F}:${string}` ? F : never;

/** What `@OnCrispEvent` accepts: an event name, a family wildcard (`'message:*'`) or `'*'`. @publicApi */
export type CrispEventPattern = CrispEventName | `${Family<CrispEventName>}:*` | '*';

/** The event names a pattern stands for. @publicApi */
export type ExpandCrispEventPattern<P extends CrispEventPattern> = P extends '*'
  ? CrispEventName
  : P extends `${infer F}:*`
    ? Extract<CrispEventName, `${F}:${string}`>
    : Extract<P, CrispEventName>;

/** What a handler subscribed with pattern `P` receives; `'*'` also gets events not in the catalogue. @publicApi */
export type CrispEventPayload<P extends CrispEventPattern> =
  CrispEvent<ExpandCrispEventPattern<P>> | ('*' extends P ? CrispUnknownEvent : never);
