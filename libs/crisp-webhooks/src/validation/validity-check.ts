import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { cacheValidationMetadata, validationMetadataGeneration } from './validation-metadata-cache';
import { isThenable } from './thenable';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type ValidationMetadata = ReturnType<MetadataStorage['getTargetValidationMetadatas']>[number];

/** Says whether an object passes its rules; `false` also when it cannot tell (then class-validator decides). */
type Check = (object: object) => boolean;
/** One rule of a property, given the object and the property's value. */
type Rule = (object: object, value: unknown) => boolean;

const { CONDITIONAL_VALIDATION, CUSTOM_VALIDATION, IS_DEFINED, NESTED_VALIDATION, PROMISE_VALIDATION, WHITELIST } =
  ValidationTypes;

/** A constraint's answer that passes here: true, and not a promise (which `validateSync` does not wait for). */
const holds = (valid: unknown): boolean => Boolean(valid) && !isThenable(valid);

/** Compiled checks by class, then by schema name; built again once a rule is registered. */
let checks = new Map<unknown, Map<string | undefined, Check>>();
let generation = -1;

/**
 * Whether `validateSync(object, VALIDATOR_OPTIONS)` would find no error (those options set no groups, no
 * `always`, no `skip*`, no whitelist; async rules are skipped, as `validateSync` skips them),
 * answered without building class-validator's error tree. class-validator allocates a `ValidationError`,
 * its arrays and an arguments object for every property of every object, valid or not: measured as a
 * third of all the memory a delivery allocates and a tenth of its CPU. This walks the same metadata
 * with the same constraint instances, in the same order, and says `false` whenever it cannot tell (a
 * promise, a `Set` or `Map`, an object without a class), so that a `false` is always followed by the
 * real `validateSync`, which says why. A `true` never differs from `validateSync`'s verdict (see the spec).
 * Constraint instances are taken from class-validator's container when a class is first checked.
 * @internal
 */
export function passesValidation(object: object): boolean {
  return checkOf(object.constructor, undefined)?.(object) ?? false;
}

function checkOf(target: unknown, schema: string | undefined): Check | undefined {
  if (generation !== validationMetadataGeneration()) {
    cacheValidationMetadata();
    checks = new Map();
    generation = validationMetadataGeneration();
  }
  if (typeof target !== 'function') return undefined;
  let bySchema = checks.get(target);
  if (!bySchema) checks.set(target, (bySchema = new Map()));
  let check = bySchema.get(schema);
  if (!check) bySchema.set(schema, (check = compileTarget(target, schema)));
  return check;
}

function compileTarget(target: unknown, schema: string | undefined): Check {
  const storage = getMetadataStorage();
  const grouped = storage.groupByPropertyName(
    storage.getTargetValidationMetadatas(target as () => void, schema as string, false, false, undefined),
  );
  const properties = Object.keys(grouped).map((name) => compileProperty(name, grouped[name]));
  return (object) => {
    for (const property of properties) if (!property(object)) return false;
    return true;
  };
}

/** `ValidationExecutor.performValidations` of one property, for a verdict. */
function compileProperty(name: string, metadatas: ValidationMetadata[]): Check {
  const rules = metadatas.filter(({ type }) => type !== IS_DEFINED && type !== WHITELIST);
  const conditions = rules
    .filter(({ type }) => type === CONDITIONAL_VALIDATION)
    .map(({ constraints }) => constraints[0]);
  const checks = [
    ...metadatas.filter(({ type }) => type === IS_DEFINED),
    ...rules.filter(({ type }) => type === CUSTOM_VALIDATION),
  ].map(compileRule);
  const nested = rules.filter(({ type }) => type === NESTED_VALIDATION);
  const awaits = rules.some(({ type }) => type === PROMISE_VALIDATION);
  return (object) => {
    const value: unknown = (object as Record<string, unknown>)[name];
    if (awaits && value instanceof Promise) return false;
    for (const condition of conditions) if (!condition(object, value)) return true;
    for (const check of checks) if (!check(object, value)) return false;
    return nested.length === 0 || nestedPasses(value, nested);
  };
}

/** `ValidationExecutor.customValidations` of one rule. */
function compileRule(metadata: ValidationMetadata): Rule {
  const instances = getMetadataStorage()
    .getTargetValidatorConstraints(metadata.constraintCls)
    .filter((constraint) => !constraint.async)
    .map((constraint) => constraint.instance);
  const { validateIf, each, propertyName: property, constraints } = metadata;
  return (object, value) => {
    if (validateIf && !validateIf(object, value)) return true;
    if (instances.length === 0) return true;
    if (each && (value instanceof Set || value instanceof Map)) return false;
    const args = { targetName: object.constructor?.name, property, object, value, constraints };
    for (const instance of instances) {
      if (each && Array.isArray(value)) {
        for (const item of value as unknown[]) if (!holds(instance.validate(item, args))) return false;
      } else if (!holds(instance.validate(value, args))) return false;
    }
    return true;
  };
}

/** `ValidationExecutor.nestedValidations`: every item of an array, or the object, passes its own class's rules. */
function nestedPasses(value: unknown, nested: readonly ValidationMetadata[]): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.every((item) => nestedPasses(item, nested));
  if (!(value instanceof Object) || value instanceof Set || value instanceof Map) return false;
  for (const { target } of nested) {
    const check = checkOf(value.constructor, typeof target === 'string' ? target : target.name);
    if (!check?.(value)) return false;
  }
  return true;
}
