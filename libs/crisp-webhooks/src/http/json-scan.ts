const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DOT = 0x2e;
const PLUS = 0x2b;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SMALL_E = 0x65;
const CAPITAL_E = 0x45;

/** The body nests objects and arrays deeper than allowed. @internal */
export const JSON_TOO_DEEP = 1;
/**
 * The body holds a number that a double may not keep exactly: an exponent, or 16 digits or more
 * (a double keeps 15 for sure). Only such bodies have their numbers checked one by one. @internal
 */
export const JSON_LONG_NUMBER = 2;
/** Digits a double always keeps exactly; a number with more may be rounded by `JSON.parse`. */
const SAFE_DIGITS = 15;

/**
 * One pass over the JSON bytes before parsing, saying (as bit flags) whether objects and arrays nest
 * deeper than `maxDepth` (a deeply nested body would overflow the stack of the recursive code that
 * transforms, validates and serialises it) and whether a number may be inexact once parsed. Bytes
 * inside strings are skipped; the scan stops at the first excess depth.
 * @internal
 */
export function scanJson(json: Buffer, maxDepth: number): number {
  let flags = 0;
  let depth = 0;
  let inString = false;
  // Digits of the number being read; -1 outside a number.
  let digits = -1;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte >= DIGIT_0 && byte <= DIGIT_9) {
      digits = digits < 0 ? 1 : digits + 1;
      if (digits > SAFE_DIGITS) flags |= JSON_LONG_NUMBER;
    } else if (digits >= 0 && (byte === SMALL_E || byte === CAPITAL_E)) flags |= JSON_LONG_NUMBER;
    else if (byte === MINUS) digits = 0;
    else if (digits >= 0 && (byte === DOT || byte === PLUS)) continue;
    else {
      digits = -1;
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (++depth > maxDepth) return flags | JSON_TOO_DEEP;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
    }
  }
  return flags;
}
