import type { CrispEventData, CrispEventName } from '../events/crisp-event.types';
import { CRISP_EVENT_SAMPLES, SAMPLE_TIMESTAMP, SAMPLE_WEBSITE_ID } from './crisp-event-samples';

/**
 * A Crisp hook body, as plain JSON: what Crisp POSTs, and what the module validates.
 * @publicApi
 */
export interface CrispEventEnvelope<K extends CrispEventName = CrispEventName> {
  /** The Crisp website the event happened in, a UUID. */
  website_id: string;
  /** The event's name, e.g. `message:send`. */
  event: K;
  /** The event's payload, the same as the RTM API sends; its fields depend on `event`. */
  data: Record<string, unknown>;
  /** When Crisp emitted the event, in ms since the epoch. */
  timestamp: number;
}

/** What `crispEvent()` may change in the sample envelope of event `K`. @publicApi */
export interface CrispEventOverrides<K extends CrispEventName> {
  /** The envelope's website, also copied to `data.website_id` when the sample has one. */
  website_id?: string;
  /**
   * The envelope's `timestamp`, in ms since the epoch; the sample's fixed time by default, so tests stay repeatable.
   */
  timestamp?: number;
  /** Fields merged over the sample `data` (shallowly: a nested object given here replaces the sample's). */
  data?: Partial<CrispEventData<K>> & Record<string, unknown>;
}

/**
 * A valid hook body for `event`, built from a realistic sample, for tests of handlers and of the
 * endpoint. Each call returns a fresh deep copy, so a test may change it freely.
 *
 * @example
 * ```ts
 * import { crispEvent } from 'nestjs-crisp-webhooks/testing';
 *
 * const body = crispEvent('message:send', { data: { content: 'I need a refund' } });
 * await request(app.getHttpServer()).post('/crisp/hooks?key=KEY').send(body).expect(200);
 * ```
 *
 * @publicApi
 */
export function crispEvent<K extends CrispEventName>(
  event: K,
  overrides: CrispEventOverrides<K> = {},
): CrispEventEnvelope<K> {
  // A JSON round trip, not structuredClone: samples are plain JSON, and under Jest structuredClone returns
  // objects of the host realm, which fail the test realm's `instanceof Object` (class-validator relies on it).
  const sample = JSON.parse(JSON.stringify(CRISP_EVENT_SAMPLES[event])) as Record<string, unknown>;
  const websiteId = overrides.website_id ?? SAMPLE_WEBSITE_ID;
  if (overrides.website_id !== undefined && 'website_id' in sample) sample.website_id = websiteId;
  return {
    website_id: websiteId,
    event,
    data: { ...sample, ...overrides.data },
    timestamp: overrides.timestamp ?? SAMPLE_TIMESTAMP,
  };
}
