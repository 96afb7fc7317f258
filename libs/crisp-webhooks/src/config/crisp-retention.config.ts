import {
  BAD_RETENTION_AGE,
  BAD_RETENTION_BATCH_SIZE,
  BAD_RETENTION_EVENT_PATTERN,
  BAD_RETENTION_EVERY,
  PAYLOAD_RETENTION_NOT_SHORTER,
} from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import { CRISP_EVENT_NAMES, isCrispEventName } from '../events/crisp-event-pattern.util';
import type {
  CrispRetentionAges,
  CrispRetentionAgesConfig,
  CrispRetentionConfig,
  CrispRetentionOptions,
} from '../interfaces';
import { crispDurationMs } from './crisp-duration';

const HOUR_MS = 3_600_000;
const STATUSES = ['processed', 'invalid', 'dead'] as const;
const DEFAULT_AGES: Required<CrispRetentionAges> = { processed: '30d', invalid: '30d', dead: false };

/**
 * An age option in milliseconds, `null` for `false` (kept). At least an hour: Crisp may still retry a
 * delivery that recently, and its row is what recognises the repeat.
 */
function ageMs(option: string, value: unknown): number | null {
  if (value === false) return null;
  const ms = crispDurationMs(value);
  if (ms === undefined || ms < HOUR_MS) throw new CrispWebhooksConfigurationError(BAD_RETENTION_AGE(option, value));
  return ms;
}

/** The names a pattern of `retention.events` covers: a known event name, or a family wildcard of known events. */
function namesOf(pattern: string): readonly string[] {
  if (isCrispEventName(pattern)) return [pattern];
  const names = pattern.endsWith(':*') ? CRISP_EVENT_NAMES.filter((name) => name.startsWith(pattern.slice(0, -1))) : [];
  if (names.length === 0) throw new CrispWebhooksConfigurationError(BAD_RETENTION_EVENT_PATTERN(pattern));
  return names;
}

/** The statuses an ages object sets (`undefined` ones left out, so they do not override a default). */
const definedAges = (given: CrispRetentionAges): CrispRetentionAges =>
  Object.fromEntries(STATUSES.filter((status) => given[status] !== undefined).map((status) => [status, given[status]]));

const specificity = (pattern: string) => (isCrispEventName(pattern) ? 1000 : 0) + pattern.length;

/**
 * The retention options with their defaults, checked; `undefined` when retention is off (the default: a
 * library never deletes its host's data unasked, and an upgrade must not start deleting history).
 * @internal
 */
export function resolveCrispRetentionConfig(
  options: CrispRetentionOptions | false | undefined,
): CrispRetentionConfig | undefined {
  if (options === undefined || options === false) return undefined;
  const resolveAges = (prefix: string, given: CrispRetentionAges, fallback: CrispRetentionAges) =>
    Object.fromEntries(
      STATUSES.map((status) => [status, ageMs(`${prefix}${status}`, given[status] ?? fallback[status])]),
    ) as unknown as CrispRetentionAgesConfig;
  const defaults = { ...DEFAULT_AGES, ...definedAges(options) };
  const ages = resolveAges('', defaults, defaults);
  // Whatever the order they are listed in, a name wins over a family, and a narrower family over a wider one.
  const patterns = Object.keys(options.events ?? {}).sort((a, b) => specificity(a) - specificity(b));
  const merged = new Map<string, CrispRetentionAges>();
  for (const pattern of patterns) {
    for (const name of namesOf(pattern))
      merged.set(name, { ...merged.get(name), ...definedAges(options.events![pattern]) });
  }
  const events = new Map<string, CrispRetentionAgesConfig>();
  for (const [name, given] of merged) {
    const resolved = resolveAges(`events['${name}'].`, given, defaults);
    if (STATUSES.some((status) => resolved[status] !== ages[status])) events.set(name, resolved);
  }
  const payloadMs = ageMs('payload', options.payload ?? '7d');
  const processedMs = [ages.processed, ...[...events.values()].map((event) => event.processed)];
  if (payloadMs !== null && processedMs.every((ms) => ms !== null && ms <= payloadMs)) {
    throw new CrispWebhooksConfigurationError(PAYLOAD_RETENTION_NOT_SHORTER(String(options.payload ?? '7d')));
  }
  const everyMs = crispDurationMs(options.every ?? '1h');
  if (everyMs === undefined || everyMs < 1000)
    throw new CrispWebhooksConfigurationError(BAD_RETENTION_EVERY(options.every));
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new CrispWebhooksConfigurationError(BAD_RETENTION_BATCH_SIZE(batchSize));
  }
  return { ages, events, payloadMs, everyMs, batchSize };
}
