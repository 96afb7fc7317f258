import type { ServerResponse } from 'node:http';

/** How the module answered one delivery, as metrics and the delivery log name it. @internal */
export type CrispDeliveryOutcome =
  | 'stored'
  | 'duplicate'
  | 'quarantined'
  | 'unauthorized'
  | 'forbidden'
  | 'bad_input'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'handler_failed'
  | 'error';

/** What the controller knows of a delivery it read: left on the response for its observer. @internal */
export interface CrispDeliveryNote {
  readonly event: string;
  readonly websiteId: string;
  /** The stored row; `null` until stored, and for a duplicate. */
  id: string | null;
  duplicate: boolean;
}

const NOTE = Symbol('crisp-webhooks:delivery');

type NotedResponse = ServerResponse & { [NOTE]?: CrispDeliveryNote };

/** Starts the note of a validated delivery on its response. @internal */
export function noteCrispDelivery(response: ServerResponse, event: string, websiteId: string): CrispDeliveryNote {
  const note: CrispDeliveryNote = { event, websiteId, id: null, duplicate: false };
  (response as NotedResponse)[NOTE] = note;
  return note;
}

/** The note the controller left, if the delivery got that far. @internal */
export const crispDeliveryNoteOf = (response: ServerResponse): CrispDeliveryNote | undefined =>
  (response as NotedResponse)[NOTE];

const BY_STATUS: Readonly<Record<number, CrispDeliveryOutcome>> = {
  202: 'quarantined',
  400: 'bad_input',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'too_large',
  415: 'bad_input',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * The outcome of an answered delivery, from its status code: every stage that refuses one (guard,
 * pipes, controller, or a host's exception filter) ends in the status, so nothing is missed. A `500`
 * for a stored event is a handler that failed before the answer (`handlersBeforeAnswer`).
 * @internal
 */
export function crispDeliveryOutcome(status: number, note: CrispDeliveryNote | undefined): CrispDeliveryOutcome {
  if (status === 200 && note) return note.duplicate ? 'duplicate' : 'stored';
  if (status === 500 && note?.id) return 'handler_failed';
  return BY_STATUS[status] ?? 'error';
}
