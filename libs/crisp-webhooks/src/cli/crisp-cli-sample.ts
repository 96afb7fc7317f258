import { CRISP_EVENT_NAMES, isCrispEventName } from '../events/crisp-event-pattern.util';
import { crispEvent, type CrispEventEnvelope } from '../testing/crisp-event.factory';
import { CrispCliUsageError } from './crisp-cli.error';

/** The envelope fields `--set` may change besides `data.…`. */
const ENVELOPE_FIELDS = ['website_id', 'timestamp'];

/** A value as typed: JSON when it parses (`3`, `true`, `null`, `{"a":1}`, `"12"`), text otherwise. */
function valueOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An unknown event name, with the known names of its family (or the families) to choose from. */
function unknownEvent(name: string): CrispCliUsageError {
  const family = name.split(':')[0];
  const near = CRISP_EVENT_NAMES.filter((known) => known.startsWith(`${family}:`));
  const families = [...new Set(CRISP_EVENT_NAMES.map((known) => known.split(':')[0]))];
  const choices = near.length > 0 ? `events of ${family}: ${near.join(', ')}` : `families: ${families.join(', ')}`;
  return new CrispCliUsageError(`No Crisp event is named ${name}. Known ${choices}.`);
}

/**
 * One `--set path=value`, applied to the envelope: `path` is `data.field` (nested as `data.user.nickname`) or an
 * envelope field (`website_id`, `timestamp`); objects on the way are made as needed.
 */
function assign(envelope: CrispEventEnvelope, assignment: string): void {
  const equals = assignment.indexOf('=');
  const path = equals > 0 ? assignment.slice(0, equals).split('.') : [];
  const valid =
    path.every((segment) => segment !== '') &&
    ((path[0] === 'data' && path.length > 1) || (path.length === 1 && ENVELOPE_FIELDS.includes(path[0])));
  if (!valid) {
    throw new CrispCliUsageError(
      `--set ${assignment} is not path=value with a path data.<field> (data.user.nickname) or ${ENVELOPE_FIELDS.join(', ')}.`,
    );
  }
  let target = envelope as unknown as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) {
    const next = target[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) target[segment] = {};
    target = target[segment] as Record<string, unknown>;
  }
  const value = valueOf(assignment.slice(equals + 1));
  target[path[path.length - 1]] = value;
  // As `crispEvent({ website_id })` does: a sample that names its website names the same one as its envelope.
  if (path[0] === 'website_id' && 'website_id' in envelope.data) envelope.data.website_id = value;
}

/**
 * The body `send` posts: the realistic sample of `event` (the testing entry point's `crispEvent`), stamped
 * `now` so that each send is a new delivery rather than a repeat, with the `--set` assignments applied in order.
 * @internal
 */
export function crispCliSample(event: string, assignments: readonly string[], now: number): CrispEventEnvelope {
  if (!isCrispEventName(event)) throw unknownEvent(event);
  const envelope = crispEvent(event, { timestamp: now });
  for (const assignment of assignments) assign(envelope, assignment);
  return envelope;
}
