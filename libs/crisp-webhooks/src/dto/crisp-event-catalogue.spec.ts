// Nest loads it in an app; class-transformer's @Type needs it when the DTO classes are defined.
import 'reflect-metadata';
import type { ClassConstructor } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import type { EventName as CrispApiEventName } from 'crisp-api';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CRISP_EVENT_DTOS } from '../events/crisp-event.registry';
import type { CrispEventName } from '../events/crisp-event.types';
import { crispEvent } from '../testing';
import { validateCrispEventData } from '../validation/validate-crisp-event';

const EVENT_NAMES = Object.keys(CRISP_EVENT_DTOS) as CrispEventName[];

/** Validates `data` as the pipe does, and returns the failing paths (`data.content.url`). */
function errorPaths(event: CrispEventName, data: Record<string, unknown>): string[] {
  return validateCrispEventData(event, data).errors.map((error) => error.path);
}

/** The validation rules of each decorated property of a DTO, inherited ones included, from class-validator's metadata. */
function rulesByField(dto: ClassConstructor<object>): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', false, false)) {
    const own = rules.get(metadata.propertyName) ?? [];
    rules.set(metadata.propertyName, [...own, metadata.name ?? metadata.type]);
  }
  return rules;
}

interface FieldCase {
  readonly event: CrispEventName;
  readonly field: string;
  readonly required: boolean;
  readonly wrong: unknown;
}

/**
 * A value of the wrong type for a required field: `null` for a field that is only checked for
 * presence, a number where the sample has an object or array, an object where it has a scalar.
 */
function wrongValueFor(rules: readonly string[], sampleValue: unknown): unknown {
  if (rules.every((rule) => rule === 'isDefined')) return null;
  return typeof sampleValue === 'object' && sampleValue !== null ? 42 : { wrong: true };
}

/** Every decorated field of every event; a field is required when its property has no `@IsOptional()`. */
const FIELD_CASES: readonly FieldCase[] = EVENT_NAMES.flatMap((event) => {
  const sample = crispEvent(event).data;
  return [...rulesByField(CRISP_EVENT_DTOS[event])].map(([field, rules]) => {
    const required = !rules.includes('isOptional');
    return { event, field, required, wrong: required ? wrongValueFor(rules, sample[field]) : undefined };
  });
});
const REQUIRED = FIELD_CASES.filter((c) => c.required).map((c) => [c.event, c.field, c.wrong] as const);
const OPTIONAL = FIELD_CASES.filter((c) => !c.required).map((c) => [c.event, c.field] as const);

const requiredFieldsOf = (event: CrispEventName) =>
  FIELD_CASES.filter((c) => c.event === event && c.required)
    .map((c) => c.field)
    .sort();

describe('Crisp event catalogue', () => {
  it('has one DTO per event, named after it', () => {
    expect(EVENT_NAMES).toHaveLength(82);
    for (const event of EVENT_NAMES) {
      const pascal = event
        .split(/[:_]/)
        .map((part) => part[0].toUpperCase() + part.slice(1))
        .join('');
      expect(CRISP_EVENT_DTOS[event].name).toBe(`${pascal}Dto`);
    }
  });

  it.each(EVENT_NAMES)('%s: the sample data is valid', (event) => {
    expect(errorPaths(event, crispEvent(event).data)).toEqual([]);
  });

  it.each(EVENT_NAMES)('%s: unknown fields are accepted and kept', (event) => {
    const data = { ...crispEvent(event).data, field_crisp_added_later: { nested: true } };
    const { payload, errors } = validateCrispEventData(event, data);
    expect(errors).toEqual([]);
    expect(payload).toHaveProperty('field_crisp_added_later', { nested: true });
  });

  describe('required fields', () => {
    // Anchors: the metadata-derived table below is not vacuous, and matches what handlers rely on.
    it.each([
      ['message:send', ['content', 'fingerprint', 'from', 'origin', 'session_id', 'timestamp', 'type', 'website_id']],
      ['message:acknowledge:read:send', ['fingerprints', 'origin', 'session_id', 'website_id']],
      ['session:set_inbox', ['session_id', 'website_id']],
      ['bucket:url:upload:generated', ['from', 'id', 'identifier', 'policy', 'resource', 'type', 'url']],
      ['media:animation:listed', ['id', 'identifier', 'results']],
      ['plan:subscription:updated', ['website_id']],
    ] as const)('%s requires exactly %j', (event, fields) => {
      expect(requiredFieldsOf(event)).toEqual(fields);
    });

    it('every event but the REST answers (bucket, media) requires website_id', () => {
      const without = EVENT_NAMES.filter((event) => !requiredFieldsOf(event).includes('website_id'));
      expect(without).toEqual(EVENT_NAMES.filter((event) => /^(bucket|media):/.test(event)));
    });

    it.each(REQUIRED)('%s: %s of a wrong type (%j) fails at data.<field>', (event, field, wrong) => {
      const { data } = crispEvent(event, { data: { [field]: wrong } });
      expect(errorPaths(event, data)).toContain(`data.${field}`);
    });

    it.each(REQUIRED)('%s: %s missing fails at data.<field>', (event, field) => {
      const { data } = crispEvent(event);
      delete data[field];
      expect(errorPaths(event, data)).toContain(`data.${field}`);
    });
  });

  it.each(OPTIONAL)('%s: optional %s may be null', (event, field) => {
    expect(errorPaths(event, crispEvent(event, { data: { [field]: null } }).data)).toEqual([]);
  });

  describe('message content, validated by type', () => {
    const send = (data: Record<string, unknown>) =>
      errorPaths('message:send', crispEvent('message:send', { data }).data);

    it('a text message with an object content fails at data.content', () => {
      expect(send({ type: 'text', content: { text: 'Hey' } })).toEqual(['data.content']);
    });

    it('a file message with a string content fails at data.content', () => {
      expect(send({ type: 'file', content: 'https://example.com/invoice.pdf' })).toEqual(['data.content']);
    });

    it('a file message with { url: 1 } fails at each field of the content', () => {
      expect(send({ type: 'file', content: { url: 1 } }).sort()).toEqual([
        'data.content.name',
        'data.content.type',
        'data.content.url',
      ]);
    });

    it('a valid file message passes', () => {
      const content = { name: 'invoice.pdf', url: 'https://storage.example.com/invoice.pdf', type: 'application/pdf' };
      expect(send({ type: 'file', content })).toEqual([]);
    });

    it('a type Crisp adds later is accepted, whatever its content', () => {
      expect(send({ type: 'hologram', content: { frames: 24 } })).toEqual([]);
      expect(send({ type: 'hologram', content: 'a string' })).toEqual([]);
    });
  });

  /**
   * crisp-api (Crisp's official Node library) types every event in the `EventsMap` interface of
   * lib/events/Events.ts, which exists at runtime only as a type. Its one runtime list,
   * DEFAULT_RTM_EVENTS in dist/crisp.js, is not exported and lacks `widget:action:processed`.
   * So the test reads the shipped dist/events/Events.d.ts as text and takes the keys of
   * `EventsMap` with a regex; the type-level check below does the same through the compiler.
   */
  describe('parity with crisp-api', () => {
    const crispApiDist = dirname(require.resolve('crisp-api'));

    it('names exactly the events of crisp-api EventsMap', () => {
      const dts = readFileSync(join(crispApiDist, 'events', 'Events.d.ts'), 'utf8');
      const body = /export interface EventsMap \{([\s\S]*?)\n\}/.exec(dts)?.[1] ?? '';
      const crispApiNames = [...body.matchAll(/^\s*"([^"]+)"\s*:/gm)].map((match) => match[1]);
      expect(crispApiNames.length).toBeGreaterThan(0);
      expect({
        missingFromCatalogue: crispApiNames.filter((name) => !Object.hasOwn(CRISP_EVENT_DTOS, name)),
        unknownToCrispApi: EVENT_NAMES.filter((name) => !crispApiNames.includes(name)),
      }).toEqual({ missingFromCatalogue: [], unknownToCrispApi: [] });
    });

    it('knows every event crisp-api subscribes to (DEFAULT_RTM_EVENTS)', () => {
      const js = readFileSync(join(crispApiDist, 'crisp.js'), 'utf8');
      const list = /const DEFAULT_RTM_EVENTS = \[([\s\S]*?)\];/.exec(js)?.[1] ?? '';
      const rtmNames = [...list.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
      expect(rtmNames.length).toBeGreaterThan(0);
      expect(rtmNames.filter((name) => !Object.hasOwn(CRISP_EVENT_DTOS, name))).toEqual([]);
    });

    it('agrees at the type level (checked by tsc)', () => {
      type NotInCatalogue = Exclude<CrispApiEventName, CrispEventName>;
      type NotInCrispApi = Exclude<CrispEventName, CrispApiEventName>;
      // Does not compile, naming the events, when the two lists differ.
      const sameNames: [NotInCatalogue, NotInCrispApi] extends [never, never] ? true : [NotInCatalogue, NotInCrispApi] =
        true;
      expect(sameNames).toBe(true);
    });
  });

  describe('crispEvent()', () => {
    it('builds an envelope around a fresh copy of the sample', () => {
      const first = crispEvent('session:sync:geolocation');
      (first.data.geolocation as { city: string }).city = 'Lyon';
      expect(crispEvent('session:sync:geolocation').data.geolocation).toHaveProperty('city', 'Paris');
      // Objects of the caller's realm (Jest runs tests in a VM context), as class-validator expects.
      expect(first.data.geolocation).toBeInstanceOf(Object);
      expect(first).toMatchObject({ event: 'session:sync:geolocation', website_id: first.data.website_id });
      expect(typeof first.timestamp).toBe('number');
    });

    it('merges data overrides shallowly and moves website_id into data', () => {
      const event = crispEvent('message:send', {
        website_id: 'another-website',
        timestamp: 1,
        data: { content: 'Hello', extra: true },
      });
      expect(event).toMatchObject({ website_id: 'another-website', timestamp: 1 });
      expect(event.data).toMatchObject({ website_id: 'another-website', content: 'Hello', extra: true, from: 'user' });
    });
  });
});
