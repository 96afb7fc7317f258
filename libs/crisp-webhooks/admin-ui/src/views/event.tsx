import { useEffect, useState } from 'preact/hooks';
import type { AttemptRun, EventDetail, HandlerChoice } from '../api';
import {
  ErrorNotice,
  HandlerChoiceFields,
  StatusBadge,
  DataTable,
  Time,
  ViewHeading,
  choiceIsComplete,
} from '../components';
import { describeRunHandlers, formatGap, prettyJson } from '../format';
import { hasSettled } from '../replay-progress';
import { routeHash } from '../route';
import { useCall, useLoad, useSession } from '../use-load';

const POLL_MS = 1000;

/** One stored event whole: its envelope, each handler's outcome, its errors and its payload; and its replay. */
export function EventView({ id }: { id: string }) {
  const { client } = useSession();
  const loaded = useLoad(() => client.get(id), id);
  const event = loaded.data;
  return (
    <>
      <p class="back">
        <a href={routeHash({ view: 'events', filter: {} })}>← All events</a>
      </p>
      <ViewHeading>
        Event #{id}
        {event && (
          <>
            {' '}
            <code class="event-name">{event.event}</code>
          </>
        )}
      </ViewHeading>
      <ErrorNotice error={loaded.error} />
      {!event && !loaded.error && <p aria-live="polite">Loading…</p>}
      {event && <EventDetails event={event} reload={loaded.reload} />}
    </>
  );
}

function EventDetails({ event, reload }: { event: EventDetail; reload: () => Promise<void> }) {
  const validation = event.validation_errors ?? [];
  return (
    <>
      <dl class="envelope">
        <div>
          <dt>Status</dt>
          <dd id="event-status" aria-live="polite">
            <StatusBadge status={event.status} />
          </dd>
        </div>
        <div>
          <dt>Website</dt>
          <dd>
            <code class="id">{event.website_id}</code>
          </dd>
        </div>
        <div>
          <dt>Session</dt>
          <dd>{event.session_id ? <code class="id">{event.session_id}</code> : '—'}</dd>
        </div>
        <div>
          <dt>Handler runs (attempts)</dt>
          <dd>{event.attempts}</dd>
        </div>
        <div>
          <dt>Crisp's delivery attempt</dt>
          <dd>{event.delivery_attempt ?? '—'}</dd>
        </div>
        <div>
          <dt>Occurred</dt>
          <dd>
            <Time iso={event.occurred_at} />
          </dd>
        </div>
        <div>
          <dt>Received</dt>
          <dd>
            <Time iso={event.received_at} />
          </dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>
            <Time iso={event.processed_at} />
          </dd>
        </div>
        <div>
          <dt>Next attempt</dt>
          <dd>
            <Time iso={event.next_attempt_at} />
          </dd>
        </div>
      </dl>

      <section aria-labelledby="handlers-title">
        <h2 id="handlers-title">Handlers</h2>
        {event.handlers.length === 0 ? (
          <p>No handler runs this event.</p>
        ) : (
          <DataTable label="Handlers">
            <thead>
              <tr>
                <th scope="col">Handler</th>
                <th scope="col">Outcome</th>
                <th scope="col">Last error</th>
              </tr>
            </thead>
            <tbody>
              {event.handlers.map((handler) => (
                <tr key={handler.handler}>
                  <th scope="row">
                    <code>{handler.handler}</code>
                  </th>
                  <td>
                    <StatusBadge status={handler.status} />
                  </td>
                  <td class="error-text">{handler.error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </DataTable>
        )}
      </section>

      <AttemptHistory runs={event.attempt_history} />

      {validation.length > 0 && (
        <section aria-labelledby="validation-title">
          <h2 id="validation-title">Validation errors</h2>
          <pre class="json" tabIndex={0} aria-labelledby="validation-title">
            {prettyJson(validation)}
          </pre>
        </section>
      )}

      {event.errors != null && !(Array.isArray(event.errors) && event.errors.length === 0) && (
        <section aria-labelledby="errors-title">
          <h2 id="errors-title">Recorded errors</h2>
          <pre class="json" tabIndex={0} aria-labelledby="errors-title">
            {prettyJson(event.errors)}
          </pre>
        </section>
      )}

      <section aria-labelledby="payload-title">
        <h2 id="payload-title">Payload</h2>
        {event.payload_dropped ? (
          <p class="notice" id="payload-dropped">
            The payload was dropped by retention. The row, its outcome and its deduplication key are kept.
          </p>
        ) : (
          <pre class="json" tabIndex={0} aria-labelledby="payload-title">
            {prettyJson(event.data)}
          </pre>
        )}
      </section>

      <ReplayOne event={event} reload={reload} />
    </>
  );
}

/** The event's last runs, oldest first: when each ended, how long after the one before, and what it gave. */
function AttemptHistory({ runs }: { runs: readonly AttemptRun[] }) {
  return (
    <section aria-labelledby="attempts-title">
      <h2 id="attempts-title">Attempts over time</h2>
      {runs.length === 0 ? (
        <p>No run recorded yet.</p>
      ) : (
        <DataTable label="Attempts">
          <caption class="muted">
            {runs.length} {runs.length === 1 ? 'run' : 'runs'} recorded, oldest first (the last 20 are kept); a replay
            starts again at run 1. Error messages are not kept per run: each handler's last one is under Handlers.
          </caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Ended</th>
              <th scope="col">After the previous</th>
              <th scope="col">Event became</th>
              <th scope="col">Handlers</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run, index) => (
              <tr key={`${index}-${run.at}`}>
                <th scope="row" class="num">
                  {run.attempt}
                </th>
                <td>
                  <Time iso={run.at} />
                </td>
                <td class="num">
                  {index === 0 ? '—' : formatGap(Date.parse(run.at) - Date.parse(runs[index - 1]!.at))}
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td class="run-handlers">{describeRunHandlers(run)}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      )}
    </section>
  );
}

type ReplayState =
  | { step: 'idle' }
  | { step: 'sending' }
  | { step: 'polling' }
  | { step: 'finished'; status: string }
  | { step: 'none' };

/** Replays this event, then follows it (`GET /events/:id`) until it has run again. */
function ReplayOne({ event, reload }: { event: EventDetail; reload: () => Promise<void> }) {
  const { client, handlers } = useSession();
  const run = useCall();
  const [choice, setChoice] = useState<HandlerChoice>({ kind: 'unfinished' });
  const [state, setState] = useState<ReplayState>({ step: 'idle' });
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (state.step !== 'polling') return;
    if (hasSettled(event)) return setState({ step: 'finished', status: event.status });
    const timer = setTimeout(() => void reload(), POLL_MS);
    return () => clearTimeout(timer);
  }, [state, event]);

  const replay = async () => {
    setError(null);
    setState({ step: 'sending' });
    const result = await run(() => client.replay(event.id, choice));
    if (!result.ok) {
      setError(result.error);
      return setState({ step: 'idle' });
    }
    if (result.value.queued === 0) return setState({ step: 'none' });
    await reload();
    setState({ step: 'polling' });
  };
  const names = [...new Set([...event.handlers.map((handler) => handler.handler), ...handlers])];
  return (
    <section class="card" aria-labelledby="replay-title">
      <h2 id="replay-title">Replay</h2>
      <HandlerChoiceFields name="replay-handlers" handlers={names} choice={choice} onChange={setChoice} />
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={replay}
          disabled={!choiceIsComplete(choice) || state.step === 'sending' || state.step === 'polling'}
        >
          Replay this event
        </button>
      </div>
      <p aria-live="polite" class="replay-status">
        {state.step === 'sending' && 'Queuing…'}
        {state.step === 'polling' && `Queued; running again (now ${event.status})…`}
        {state.step === 'finished' && `Ran again: now ${state.status}.`}
        {state.step === 'none' &&
          'Nothing was queued: no handler is left to run with this choice, or an instance is running the event now.'}
      </p>
      <ErrorNotice error={error} />
    </section>
  );
}
