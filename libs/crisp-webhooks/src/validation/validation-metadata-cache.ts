import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Lookup = MetadataStorage['getTargetValidationMetadatas'];
type ValidationMetadata = ReturnType<Lookup>[number];

const CACHED = Symbol.for('crisp-webhooks:validation-metadata-cache');
/** Kept on the storage, as the flag above: every copy of the module in a process sees the same count. */
const GENERATION = Symbol.for('crisp-webhooks:validation-metadata-generation');

type CachedStorage = MetadataStorage & { [CACHED]?: true; [GENERATION]?: number };

/** Changes whenever a rule is registered once the cache is installed: what was derived from the metadata is stale then. */
export const validationMetadataGeneration = (): number => (getMetadataStorage() as CachedStorage)[GENERATION] ?? 0;

/**
 * Memoises class-validator's `getTargetValidationMetadatas`. class-validator recomputes it on every
 * `validate()` of every nested object, scanning the metadata of every registered class (the 82 event
 * DTOs and their parts, plus the host's) for inherited rules: measured as the single most expensive
 * function of the hook path. Its result only depends on its arguments and on the registered metadata,
 * so the cache is dropped whenever a rule is registered. Installed once per process.
 */
export function cacheValidationMetadata(): void {
  const storage = getMetadataStorage() as CachedStorage;
  if (storage[CACHED]) return;
  storage[CACHED] = true;
  let cache = new Map<unknown, Map<string, ValidationMetadata[]>>();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    cache = new Map();
    storage[GENERATION] = (storage[GENERATION] ?? 0) + 1;
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}|${always}|${strictGroups}|${groups?.join(',') ?? ''}`;
    let byTarget = cache.get(target);
    if (!byTarget) cache.set(target, (byTarget = new Map()));
    let metadata = byTarget.get(key);
    if (!metadata) byTarget.set(key, (metadata = lookup(target, schema, always, strictGroups, groups)));
    return metadata;
  };
}
