import { CRISP_EVENT_DTOS, type CrispEventName } from 'nestjs-crisp-webhooks';
import { getMetadataStorage } from 'class-validator';

/**
 * The required fields of an event's `data` with their validation rules, read from class-validator's
 * metadata (inherited properties included) in its order: the event's own fields first, then those of
 * the DTO it extends. A field is required when its property has no `@IsOptional()`. The same
 * derivation as libs/crisp-webhooks/src/dto/crisp-event-catalogue.spec.ts, which exports nothing.
 */
export function requiredDataFields(event: CrispEventName): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(CRISP_EVENT_DTOS[event], '', false, false);
  for (const metadata of metadatas) {
    rules.set(metadata.propertyName, [...(rules.get(metadata.propertyName) ?? []), metadata.name ?? metadata.type]);
  }
  for (const [field, fieldRules] of rules) if (fieldRules.includes('isOptional')) rules.delete(field);
  return rules;
}

/**
 * A value of the wrong type for a required field: `null` for one only checked for presence
 * (`@IsDefined()` accepts any value), a number where the sample has an object or an array, else an object.
 */
export function wrongValueFor(rules: readonly string[], sampleValue: unknown): unknown {
  if (rules.every((rule) => rule === 'isDefined')) return null;
  return typeof sampleValue === 'object' && sampleValue !== null ? 42 : { wrong: true };
}
