import { useEffect, useState } from 'preact/hooks';
import { EVENT_STATUSES, compactFilter, type EventFilter, type EventSummary, type HandlerChoice } from '../api';
import {
  ErrorNotice,
  HandlerChoiceFields,
  StatusBadge,
  DataTable,
  Time,
  ViewHeading,
  choiceIsComplete,
} from '../components';
import { fromLocalInput, toLocalInput } from '../format';
import { hasDrained } from '../replay-progress';
import { routeHash } from '../route';
import { useCall, useLoad, useSession } from '../use-load';

const PAGE_SIZE = 25;
const POLL_MS = 1000;

function titleOf(filter: EventFilter): string {
  if (filter.status === 'dead') return 'Dead events';
  if (filter.status === 'invalid') return 'Quarantined events';
  return 'Events';
}

/**
 * The list of stored events, newest first, with the API's filters and cursor paging, and the bulk replay. The
 * page mounts it anew for each filter, so a new filter starts from the newest events with a fresh form.
 */
export function Events({ filter }: { filter: EventFilter }) {
  const { client } = useSession();
  // The cursor of each page seen so far, so "Newer" goes back the way "Older" came.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const list = useLoad(() => client.list(filter, { limit: PAGE_SIZE, cursor }), cursor ?? '');
  return (
    <>
      <ViewHeading>{titleOf(filter)}</ViewHeading>
      <FilterForm filter={filter} />
      <ErrorNotice error={list.error} />
      {list.data && (
        <>
          <p class="result-count" aria-live="polite">
            {list.data.items.length === 0
              ? 'No event matches.'
              : `${list.data.items.length} event${list.data.items.length === 1 ? '' : 's'} on this page, newest first.`}
          </p>
          {list.data.items.length > 0 && <EventTable items={list.data.items} />}
          <nav class="pager" aria-label="Pages">
            <button type="button" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
              ← Newer
            </button>
            <button
              type="button"
              disabled={!list.data.next_cursor}
              onClick={() => setCursors([...cursors, list.data!.next_cursor])}
            >
              Older →
            </button>
          </nav>
          <BulkReplay filter={filter} onChanged={list.reload} />
        </>
      )}
      {!list.data && !list.error && <p aria-live="polite">Loading…</p>}
    </>
  );
}

function FilterForm({ filter }: { filter: EventFilter }) {
  const [draft, setDraft] = useState(filter);
  const field = (name: 'event' | 'website_id' | 'session_id') => ({
    id: `filter-${name}`,
    name,
    value: draft[name] ?? '',
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value.trim() }),
  });
  const apply = (event: Event) => {
    event.preventDefault();
    location.hash = routeHash({ view: 'events', filter: compactFilter(draft) });
  };
  return (
    <form class="filters" role="search" aria-label="Filter events" onSubmit={apply}>
      <div class="field">
        <label for="filter-status">Status</label>
        <select
          id="filter-status"
          name="status"
          value={draft.status ?? ''}
          onChange={(event) => setDraft({ ...draft, status: event.currentTarget.value || undefined })}
        >
          <option value="">any</option>
          {EVENT_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status === 'invalid' ? 'invalid (quarantined)' : status}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="filter-event">Event</label>
        <input {...field('event')} placeholder="message:send, message:*" spellcheck={false} />
      </div>
      <div class="field">
        <label for="filter-website_id">Website ID</label>
        <input {...field('website_id')} spellcheck={false} />
      </div>
      <div class="field">
        <label for="filter-session_id">Session ID</label>
        <input {...field('session_id')} spellcheck={false} />
      </div>
      <div class="field">
        <label for="filter-since">Received since</label>
        <input
          id="filter-since"
          type="datetime-local"
          step={1}
          value={toLocalInput(draft.since)}
          onInput={(event) => setDraft({ ...draft, since: fromLocalInput(event.currentTarget.value) })}
        />
      </div>
      <div class="field">
        <label for="filter-until">Received until</label>
        <input
          id="filter-until"
          type="datetime-local"
          step={1}
          value={toLocalInput(draft.until)}
          onInput={(event) => setDraft({ ...draft, until: fromLocalInput(event.currentTarget.value) })}
        />
      </div>
      <div class="field field-check">
        <label>
          <input
            type="checkbox"
            checked={draft.unhandled ?? false}
            onChange={(event) => setDraft({ ...draft, unhandled: event.currentTarget.checked || undefined })}
          />{' '}
          Handled by nobody
        </label>
      </div>
      <div class="field field-actions">
        <button type="submit" class="primary">
          Apply filters
        </button>
        <a href="#/events" class="button">
          Clear
        </a>
      </div>
    </form>
  );
}

function handlerSummary(event: EventSummary): string {
  if (event.handlers.length === 0) return 'none';
  const count = (status: string) => event.handlers.filter((handler) => handler.status === status).length;
  return [
    [count('processed'), 'done'],
    [count('pending'), 'pending'],
    [count('failed'), 'failed'],
    [count('dead'), 'dead'],
  ]
    .filter(([n]) => n)
    .map(([n, word]) => `${n} ${word}`)
    .join(', ');
}

function EventTable({ items }: { items: readonly EventSummary[] }) {
  return (
    <DataTable label="Events" class="events">
      <thead>
        <tr>
          <th scope="col">ID</th>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col">Received</th>
          <th scope="col">Website</th>
          <th scope="col">Session</th>
          <th scope="col" class="num">
            Attempts
          </th>
          <th scope="col">Handlers</th>
        </tr>
      </thead>
      <tbody>
        {items.map((event) => (
          <tr key={event.id}>
            <th scope="row">
              <a href={routeHash({ view: 'event', id: event.id })} aria-label={`Event ${event.id}, ${event.event}`}>
                #{event.id}
              </a>
            </th>
            <td>
              <code>{event.event}</code>
            </td>
            <td>
              <StatusBadge status={event.status} />
              {event.payload_dropped && <span class="tag">payload dropped</span>}
            </td>
            <td>
              <Time iso={event.received_at} />
            </td>
            <td>
              <code class="id">{event.website_id}</code>
            </td>
            <td>{event.session_id ? <code class="id">{event.session_id}</code> : '—'}</td>
            <td class="num">{event.attempts}</td>
            <td>{handlerSummary(event)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

type BulkState =
  | { step: 'choose' }
  | { step: 'counting' }
  | { step: 'confirm'; count: number }
  | { step: 'replaying' }
  | { step: 'running'; queued: number; due: number; failed: number; dead: number }
  | { step: 'done'; queued: number; failed: number; dead: number };

/**
 * Replays every event the filter matches: a dry run counts them first, the person confirms that number, then
 * the page follows the backlog (`GET /stats`) until nothing is due any more.
 */
function BulkReplay({ filter, onChanged }: { filter: EventFilter; onChanged: () => Promise<void> }) {
  const { client, handlers } = useSession();
  const run = useCall();
  const [choice, setChoice] = useState<HandlerChoice>({ kind: 'unfinished' });
  const [state, setState] = useState<BulkState>({ step: 'choose' });
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (state.step !== 'running') return;
    const timer = setTimeout(async () => {
      const stats = await run(() => client.stats());
      if (!stats.ok) return setError(stats.error);
      const { due, failed, dead } = stats.value.backlog;
      if (hasDrained(stats.value.backlog)) {
        setState({ step: 'done', queued: state.queued, failed, dead });
        await onChanged();
      } else setState({ ...state, due, failed, dead });
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const count = async () => {
    setError(null);
    setState({ step: 'counting' });
    const result = await run(() => client.replayMany(filter, choice, true));
    if (result.ok) setState({ step: 'confirm', count: result.value.queued });
    else {
      setError(result.error);
      setState({ step: 'choose' });
    }
  };
  const replay = async () => {
    setState({ step: 'replaying' });
    const result = await run(() => client.replayMany(filter, choice, false));
    if (!result.ok) {
      setError(result.error);
      return setState({ step: 'choose' });
    }
    setState({ step: 'running', queued: result.value.queued, due: result.value.queued, failed: 0, dead: 0 });
    await onChanged();
  };
  const filtered = Object.keys(compactFilter(filter)).length > 0;
  return (
    <section class="card bulk" aria-labelledby="bulk-title">
      <h2 id="bulk-title">Replay every event this filter matches</h2>
      {!filtered && <p class="notice">No filter is set: every stored event matches.</p>}
      <HandlerChoiceFields name="bulk-handlers" handlers={handlers} choice={choice} onChange={setChoice} />
      <div aria-live="polite" class="bulk-status">
        {state.step === 'confirm' && (
          <p>
            <strong>
              {state.count} event{state.count === 1 ? '' : 's'}
            </strong>{' '}
            would be queued again (a dry run: nothing changed yet).
          </p>
        )}
        {state.step === 'running' && (
          <p>
            Queued {state.queued}; running. Due now: {state.due}. Backlog: {state.failed} failed (waiting for a retry),{' '}
            {state.dead} dead.
          </p>
        )}
        {state.step === 'done' && (
          <p>
            Finished: {state.queued} queued and run; nothing is due any more. Backlog now: {state.failed} failed
            (waiting for a retry), {state.dead} dead.
          </p>
        )}
      </div>
      <ErrorNotice error={error} />
      <div class="actions">
        {state.step === 'confirm' ? (
          <>
            <button type="button" class="primary" onClick={replay} disabled={state.count === 0}>
              Replay {state.count} event{state.count === 1 ? '' : 's'}
            </button>
            <button type="button" onClick={() => setState({ step: 'choose' })}>
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            onClick={count}
            disabled={!choiceIsComplete(choice) || state.step === 'counting' || state.step === 'replaying'}
          >
            Count the events to replay
          </button>
        )}
      </div>
    </section>
  );
}
