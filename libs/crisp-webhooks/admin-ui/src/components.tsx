import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { HandlerChoice } from './api';
import { formatTime } from './format';

/** A status as a word in a badge: the colour helps, the word says it. */
export function StatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-${status.replace(/[^a-z]/g, '')}`}>{status}</span>;
}

/** A time from the API, readable, with its exact value for assistive technology and copy. */
export function Time({ iso }: { iso: string | null }) {
  if (!iso) return <span class="muted">—</span>;
  return <time dateTime={iso}>{formatTime(iso, Date.now())}</time>;
}

export function ErrorNotice({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p role="alert" class="notice notice-error">
      {error.message}
    </p>
  );
}

/** A named table that scrolls sideways on a narrow screen, reachable by keyboard to scroll it. */
export function DataTable({
  label,
  class: className,
  children,
}: {
  label: string;
  class?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-region" role="region" aria-label={`${label}, scrollable table`} tabIndex={0}>
      <table aria-label={label} class={className}>
        {children}
      </table>
    </div>
  );
}

/** The view's heading, focused when the view opens so keyboard and screen reader users start there. */
export function ViewHeading({ children }: { children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children}
    </h1>
  );
}

/** Which handlers a replay runs. */
export function HandlerChoiceFields({
  name,
  handlers,
  choice,
  onChange,
}: {
  name: string;
  handlers: readonly string[];
  choice: HandlerChoice;
  onChange: (choice: HandlerChoice) => void;
}) {
  const chosen = choice.kind === 'chosen' ? choice.handlers : [];
  const toggle = (handler: string, on: boolean) =>
    onChange({ kind: 'chosen', handlers: on ? [...chosen, handler] : chosen.filter((h) => h !== handler) });
  return (
    <fieldset class="handler-choice">
      <legend>Handlers to run</legend>
      <label>
        <input
          type="radio"
          name={name}
          checked={choice.kind === 'unfinished'}
          onChange={() => onChange({ kind: 'unfinished' })}
        />{' '}
        Those that did not succeed (failed or dead)
      </label>
      <label>
        <input type="radio" name={name} checked={choice.kind === 'all'} onChange={() => onChange({ kind: 'all' })} />{' '}
        All handlers, also those that succeeded
      </label>
      <label>
        <input
          type="radio"
          name={name}
          checked={choice.kind === 'chosen'}
          disabled={handlers.length === 0}
          onChange={() => onChange({ kind: 'chosen', handlers: [] })}
        />{' '}
        Only these:
      </label>
      <ul class="handler-list">
        {handlers.map((handler) => (
          <li key={handler}>
            <label>
              <input
                type="checkbox"
                disabled={choice.kind !== 'chosen'}
                checked={chosen.includes(handler)}
                onChange={(event) => toggle(handler, event.currentTarget.checked)}
              />{' '}
              <code>{handler}</code>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Whether a choice names something to run (an empty "only these" would run nothing). */
export function choiceIsComplete(choice: HandlerChoice): boolean {
  return choice.kind !== 'chosen' || choice.handlers.length > 0;
}
