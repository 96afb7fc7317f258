/** JSON escapes PostgreSQL's jsonb refuses: the NUL character and surrogates that do not pair. */
const SUSPECT_ESCAPE = /\\u(?:0000|d[89a-f])/i;

const isStorableString = (text: string) => !text.includes('\u0000') && text.isWellFormed();

function isStorableValue(value: unknown): boolean {
  if (typeof value === 'string') return isStorableString(value);
  if (Array.isArray(value)) return value.every(isStorableValue);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(([key, item]) => isStorableString(key) && isStorableValue(item));
  }
  return true;
}

/**
 * Whether a parsed JSON value can be stored in a jsonb column. Only bodies whose text holds a
 * suspect escape are walked, so ordinary hooks pay one regular-expression scan.
 */
export function isStorableJson(text: string, value: unknown): boolean {
  return !SUSPECT_ESCAPE.test(text) || isStorableValue(value);
}
