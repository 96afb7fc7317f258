import { isUtf8 } from 'node:buffer';

/** JSON escapes of what PostgreSQL's jsonb refuses: the NUL character, and surrogates (which may not pair). */
const SUSPECT_ESCAPE = /\\u(?:0000|d[89a-f])/i;
/** U+FFFD, what stands in for a character that cannot be stored, as UTF-8 decoding does for bad bytes. */
const REPLACEMENT = '\uFFFD';
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** A JSON value made storable, and whether that changed what the body said. @internal */
export interface StorableJson {
  readonly value: unknown;
  readonly altered: boolean;
}

const isStorableString = (text: string) => !text.includes('\u0000') && text.isWellFormed();
const storableString = (text: string) => text.toWellFormed().replaceAll('\u0000', REPLACEMENT);

/**
 * Replaces, in place, what jsonb cannot hold: NUL characters and unpaired surrogates (in values and
 * keys) by U+FFFD, and numbers out of a double's range (`Infinity` from `1e400`) by `null`, which is
 * what `JSON.stringify` stores for them. Reports each string it changed through `changed`.
 */
function storable(value: unknown, changed: () => void): unknown {
  if (typeof value === 'string') {
    if (isStorableString(value)) return value;
    changed();
    return storableString(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = storable(value[i], changed);
  } else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const item = storable(object[key], changed);
      if (isStorableString(key)) object[key] = item;
      else {
        changed();
        delete object[key];
        // Defined, not assigned: a key that becomes `__proto__` must stay a plain property.
        Object.defineProperty(object, storableString(key), {
          value: item,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
    }
  }
  return value;
}

/** A decimal number's value in one spelling (`-123e5` for `-12.3e6`), to compare two texts of a number. */
function canonicalDecimal(text: string): string {
  const [, sign, whole, fraction = '', exponent = '0'] = DECIMAL.exec(text)!;
  const digits = whole + fraction;
  const first = digits.search(/[1-9]/);
  if (first < 0) return '0';
  const point = BigInt(whole.length - first) + BigInt(exponent);
  return `${sign}${digits.slice(first).replace(/0+$/, '')}e${point}`;
}

/** Whether `JSON.parse` keeps a JSON number's value exactly: its double, written out, is the same decimal. */
function keepsNumberExactly(token: string): boolean {
  const parsed = Number(token);
  return Number.isFinite(parsed) && canonicalDecimal(token) === canonicalDecimal(String(parsed));
}

/** Whether the (well-formed) JSON text holds a number that `JSON.parse` does not keep exactly. */
function hasInexactNumber(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === MINUS || (code >= DIGIT_0 && code <= DIGIT_9)) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)![0];
      if (!keepsNumberExactly(token)) return true;
      i += token.length - 1;
    }
  }
  return false;
}

/**
 * Makes a parsed JSON body storable in a jsonb column and says whether that altered it: bytes that are
 * not UTF-8 (already U+FFFD once decoded), NUL characters and unpaired surrogates (made U+FFFD),
 * numbers `JSON.parse` does not keep exactly (integers past 2^53 rounded, `1e400` made `null`).
 * The common hook pays two scans of its text; only a body with a suspect escape, or with a number
 * the byte scan flagged (`mayHoldInexactNumbers`), is looked at more closely.
 * @internal
 */
export function toStorableJson(
  raw: Buffer,
  text: string,
  value: unknown,
  mayHoldInexactNumbers: boolean,
): StorableJson {
  let altered = text.includes(REPLACEMENT) && !isUtf8(raw);
  const inexact = mayHoldInexactNumbers && hasInexactNumber(text);
  if (!inexact && !SUSPECT_ESCAPE.test(text)) return { value, altered };
  const stored = storable(value, () => (altered = true));
  return { value: stored, altered: altered || inexact };
}
