import fc from 'fast-check';
import { CRISP_EVENT_DTOS } from '../events/crisp-event.registry';
import type { CrispEventName } from '../events/crisp-event.types';
import { crispEvent } from '../testing';

type Path = readonly (string | number)[];
type Change =
  | { readonly kind: 'set'; readonly path: Path; readonly value: unknown }
  | { readonly kind: 'remove'; readonly path: Path }
  | { readonly kind: 'add'; readonly path: Path; readonly key: string; readonly value: unknown };

/** Every path of a JSON value, objects and arrays included. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [path];
  return [path, ...Object.entries(value as object).flatMap(([key, child]) => pathsOf(child, [...path, key]))];
}

/** Keys with a meaning to JavaScript or to class-transformer, which a website's own data may still use. */
const ODD_KEYS = ['__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'then', 'length'];

/**
 * The `data` of an event's sample as a hook may carry it, with one change: any JSON value put at any of
 * its paths, a path removed, or a key added to any of its objects (odd keys such as `__proto__` and
 * `toString` included). Made through JSON text, as a body is parsed.
 */
export function crispDataVariants(): fc.Arbitrary<{ event: CrispEventName; data: Record<string, unknown> }> {
  const events = Object.keys(CRISP_EVENT_DTOS) as CrispEventName[];
  return fc.constantFrom(...events).chain((event) => {
    const sample = crispEvent(event).data;
    const paths = pathsOf(sample);
    const inner = fc.constantFrom(...paths.filter((path) => path.length > 0));
    const value = fc.jsonValue({ maxDepth: 2 });
    const change: fc.Arbitrary<Change> = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), path: inner, value }),
      fc.record({ kind: fc.constant('remove' as const), path: inner }),
      fc.record({
        kind: fc.constant('add' as const),
        path: fc.constantFrom(...paths),
        key: fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 8 })),
        value,
      }),
    );
    return change.map((c) => ({ event, data: changed(sample, c) }));
  });
}

function changed(sample: Record<string, unknown>, change: Change): Record<string, unknown> {
  const data = JSON.parse(JSON.stringify(sample)) as Record<string, unknown>;
  const at = change.kind === 'add' ? change.path : change.path.slice(0, -1);
  let parent: unknown = data;
  for (const step of at) parent = (parent as Record<string | number, unknown>)[step];
  if (parent === null || typeof parent !== 'object') return data;
  const target = parent as Record<string | number, unknown>;
  if (change.kind === 'remove') delete target[change.path[change.path.length - 1]];
  else {
    const key = change.kind === 'add' ? change.key : change.path[change.path.length - 1];
    // Defined, not assigned, so that `__proto__` is a key as JSON.parse makes it, not the prototype.
    Object.defineProperty(target, key, { value: change.value, writable: true, enumerable: true, configurable: true });
  }
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}
