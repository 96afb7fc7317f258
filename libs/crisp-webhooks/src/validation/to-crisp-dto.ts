import {
  type ClassConstructor,
  plainToInstance,
  TransformationType,
  type TransformFnParams,
  type TypeMetadata,
} from 'class-transformer';
// class-transformer keeps its decorators' metadata in a storage its index does not export.
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { isThenable } from './thenable';

type Storage = typeof defaultMetadataStorage;
/** The storage's own maps (by class, then property), read only to know which properties have metadata at all. */
interface StorageMaps {
  readonly _typeMetadatas?: unknown;
  readonly _transformMetadatas?: unknown;
}
type TransformFn = (params: TransformFnParams) => unknown;

/** What `plainToInstance` does with the properties of one class that have decorators. */
interface Plan {
  readonly types: ReadonlyMap<string, TypeMetadata>;
  readonly transforms: ReadonlyMap<string, readonly TransformFn[]>;
}

/** Thrown where this does not stand for `plainToInstance` (an input JSON cannot hold, a decorator it does not use). */
const UNSUPPORTED = Symbol('not handled: plainToInstance decides');
/** The options `plainToInstance` passes to `@Transform` functions when given none. */
const OPTIONS = Object.freeze({
  enableCircularCheck: false,
  enableImplicitConversion: false,
  excludeExtraneousValues: false,
  excludePrefixes: undefined,
  exposeDefaultValues: false,
  exposeUnsetFields: true,
  groups: undefined,
  ignoreDecorators: false,
  strategy: undefined,
  targetMaps: undefined,
  version: undefined,
});

let plans = new Map<unknown, Plan | null>();
let watching = false;

/**
 * `plainToInstance(dto, data)`, without its options, for the JSON a hook carries. class-transformer
 * looks up every key's metadata in its storage on every call, walking each class's ancestors, and
 * de-duplicates each object's keys in quadratic time: the most expensive step left in a delivery's
 * validation. This reads each class's decorators once (dropped when a decorator is added) and then
 * copies as class-transformer does, in the same order: a new instance per `@Type`, `@Transform`
 * applied after, `__proto__` and `constructor` keys skipped, and keys a class's prototype defines as
 * methods or getters left out. What it does not stand for (`@Expose`, `@Exclude`, discriminators, maps,
 * sets, dates, promises) goes to `plainToInstance` itself, and the spec checks both give the same result.
 * One deliberate difference: an object of `data` with its own `constructor` key (session data a website
 * sets, for one) is copied as the plain object it is, where class-transformer takes the key's value for
 * a class and throws.
 * @internal
 */
export function toCrispDto<T extends object>(dto: ClassConstructor<T>, data: Record<string, unknown>): T {
  try {
    return instanceOf(dto, data) as T;
  } catch (error) {
    if (error === UNSUPPORTED) return plainToInstance(dto, data);
    throw error;
  }
}

function transform(value: unknown, type: unknown, arrayType: unknown): unknown {
  if (Array.isArray(value)) {
    if (arrayType !== undefined && arrayType !== Array && arrayType !== Object) throw UNSUPPORTED;
    const items: unknown[] = [];
    value.forEach((item: unknown) => items.push(transform(item, type, undefined)));
    return items;
  }
  if (type === String) return value === null || value === undefined ? value : String(value);
  if (type === Number) return value === null || value === undefined ? value : Number(value);
  if (type === Boolean) return value === null || value === undefined ? value : Boolean(value);
  if (type === Date || type === Buffer) throw UNSUPPORTED;
  if (typeof value !== 'object' || value === null) return value;
  if (type !== undefined) {
    if (typeof type !== 'function') throw UNSUPPORTED;
    return instanceOf(type, value);
  }
  const own = value.constructor === Object || Object.hasOwn(value, 'constructor');
  if (!own || value instanceof Set || value instanceof Map || isThenable(value)) throw UNSUPPORTED;
  return copyOf({}, value as Record<string, unknown>, undefined);
}

function instanceOf(target: unknown, value: object): object {
  if (Array.isArray(value)) return transform(value, target, undefined) as object;
  const plan = planOf(target);
  if (!plan) throw UNSUPPORTED;
  return copyOf(new (target as new () => object)(), value as Record<string, unknown>, plan);
}

/** The keys of `value`, each made as its class says, onto `into`: `TransformOperationExecutor.transform` of an object. */
function copyOf(into: object, value: Record<string, unknown>, plan: Plan | undefined): object {
  const target = into as Record<string, unknown>;
  const prototype = (into.constructor as { prototype?: object } | undefined)?.prototype;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor') continue;
    const item = value[key];
    const typeMetadata = plan?.types.get(key);
    const type = typeMetadata
      ? typeMetadata.typeFunction
        ? typeMetadata.typeFunction({ newObject: into, object: value, property: key })
        : typeMetadata.reflectedType
      : undefined;
    const arrayType = Array.isArray(item) ? typeMetadata?.reflectedType : undefined;
    if (prototype) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
      if ((descriptor && !descriptor.set) || target[key] instanceof Function) continue;
    }
    let made = transform(item, type, arrayType);
    for (const transformFn of plan?.transforms.get(key) ?? []) {
      made = transformFn({ value: made, key, obj: value, type: TransformationType.PLAIN_TO_CLASS, options: OPTIONS });
    }
    target[key] = made;
  }
  return into;
}

/** The class and the classes it extends, as class-transformer finds inherited metadata. */
function lineageOf(target: ClassConstructor<unknown>): unknown[] {
  const lineage: unknown[] = [target];
  for (
    let base = Object.getPrototypeOf(target.prototype.constructor) as { prototype?: { constructor: unknown } };
    typeof base.prototype !== 'undefined';
    base = Object.getPrototypeOf(base.prototype.constructor) as { prototype?: { constructor: unknown } }
  ) {
    lineage.push(base);
  }
  return lineage;
}

function planOf(target: unknown): Plan | null {
  let plan = plans.get(target);
  if (plan === undefined) {
    watchForDecorators();
    plans.set(target, (plan = makePlan(target)));
  }
  return plan;
}

function makePlan(target: unknown): Plan | null {
  const storage: Storage = defaultMetadataStorage;
  const { _typeMetadatas: typeMaps, _transformMetadatas: transformMaps } = storage as unknown as StorageMaps;
  if (typeof target !== 'function' || !(typeMaps instanceof Map) || !(transformMaps instanceof Map)) return null;
  const dto = target as ClassConstructor<unknown>;
  if (
    storage.getStrategy(dto) !== 'none' ||
    storage.getExposedMetadatas(dto).length > 0 ||
    storage.getExcludedMetadatas(dto).length > 0
  ) {
    return null;
  }
  const lineage = lineageOf(dto);
  const namesIn = (maps: Map<unknown, unknown>) =>
    new Set(lineage.flatMap((type) => [...((maps.get(type) as Map<string, unknown> | undefined)?.keys() ?? [])]));
  const types = new Map<string, TypeMetadata>();
  for (const name of namesIn(typeMaps)) {
    const metadata = storage.findTypeMetadata(dto, name);
    if (metadata.options?.discriminator || metadata.reflectedType === Map) return null;
    types.set(name, metadata);
  }
  const transforms = new Map<string, TransformFn[]>();
  for (const name of namesIn(transformMaps)) {
    const applied = storage
      .findTransformMetadatas(dto, name, TransformationType.PLAIN_TO_CLASS)
      .filter(({ options }) => !options || !options.groups || !options.groups.length)
      .map(({ transformFn }) => transformFn);
    if (applied.length > 0) transforms.set(name, applied);
  }
  return { types, transforms };
}

/** Drops the plans whenever a class-transformer decorator is applied, as the class-validator cache does. */
function watchForDecorators(): void {
  if (watching) return;
  watching = true;
  const storage = defaultMetadataStorage as unknown as Record<string, (metadata: unknown) => void>;
  for (const add of ['addTypeMetadata', 'addTransformMetadata', 'addExposeMetadata', 'addExcludeMetadata']) {
    const register = storage[add].bind(storage);
    storage[add] = (metadata) => {
      plans = new Map();
      register(metadata);
    };
  }
}
