import type { ValidationError } from 'class-validator';

/** One field that failed validation, by its path in the hook body (`data.content.url`). @publicApi */
export interface CrispFieldError {
  /** Where the field is in the hook body, dot-separated from the top (`data.content.url`, `data.pages.0.page_url`). */
  readonly path: string;
  /** What the field failed, one class-validator message per broken rule. */
  readonly messages: readonly string[];
}

/** class-validator's error tree as a flat list of field paths, values never included. */
export function toCrispFieldErrors(errors: readonly ValidationError[], prefix = ''): CrispFieldError[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ path, messages: Object.values(error.constraints) }] : [];
    return [...own, ...toCrispFieldErrors(error.children ?? [], path)];
  });
}
