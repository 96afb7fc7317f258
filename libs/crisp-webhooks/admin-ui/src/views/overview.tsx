import { useEffect } from 'preact/hooks';
import { EVENT_STATUSES } from '../api';
import { ErrorNotice, StatusBadge, DataTable, Time, ViewHeading } from '../components';
import { formatDuration } from '../format';
import { routeHash } from '../route';
import { useLoad, useSession } from '../use-load';

const REFRESH_MS = 15_000;

/** Events by status over the last hour and day, the backlog, the websites and Crisp's retries: `GET /stats`. */
export function Overview() {
  const { client } = useSession();
  const stats = useLoad(() => client.stats(), 'stats');
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && void stats.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [stats.reload]);
  const data = stats.data;
  const statuses = data
    ? [...new Set([...EVENT_STATUSES, ...Object.keys(data.last_hour), ...Object.keys(data.last_day)])]
    : [];
  return (
    <>
      <div class="view-head">
        <ViewHeading>Overview</ViewHeading>
        <button type="button" onClick={() => void stats.reload()} disabled={stats.loading}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={stats.error} />
      {!data ? (
        !stats.error && <p aria-live="polite">Loading…</p>
      ) : (
        <div class="cards">
          <section class="card" aria-labelledby="by-status">
            <h2 id="by-status">Events by status</h2>
            <DataTable label="Events by status">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Last hour
                  </th>
                  <th scope="col" class="num">
                    Last day
                  </th>
                </tr>
              </thead>
              <tbody>
                {statuses.map((status) => (
                  <tr key={status}>
                    <th scope="row">
                      <a href={routeHash({ view: 'events', filter: { status } })}>
                        <StatusBadge status={status} />
                      </a>
                    </th>
                    <td class="num">{data.last_hour[status] ?? 0}</td>
                    <td class="num">{data.last_day[status] ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </DataTable>
          </section>
          <section class="card" aria-labelledby="backlog">
            <h2 id="backlog">Backlog</h2>
            <dl class="figures">
              <div>
                <dt>Due now</dt>
                <dd>{data.backlog.due}</dd>
              </div>
              <div>
                <dt>
                  <a href={routeHash({ view: 'events', filter: { status: 'failed' } })}>Failed, waiting for a retry</a>
                </dt>
                <dd>{data.backlog.failed}</dd>
              </div>
              <div>
                <dt>
                  <a href={routeHash({ view: 'events', filter: { status: 'dead' } })}>Dead</a>
                </dt>
                <dd class={data.backlog.dead ? 'alarm' : undefined}>{data.backlog.dead}</dd>
              </div>
              <div>
                <dt>Oldest unfinished event</dt>
                <dd>
                  {data.oldest_unfinished_age_seconds === null
                    ? 'none'
                    : `${formatDuration(data.oldest_unfinished_age_seconds)} old`}
                </dd>
              </div>
            </dl>
          </section>
          <section class="card" aria-labelledby="retries">
            <h2 id="retries">Retries announced by Crisp</h2>
            <p class="hint">Deliveries whose X-Delivery-Attempt-Count said Crisp was trying again.</p>
            <dl class="figures">
              <div>
                <dt>Last hour</dt>
                <dd>{data.announced_retries.last_hour}</dd>
              </div>
              <div>
                <dt>Last day</dt>
                <dd>{data.announced_retries.last_day}</dd>
              </div>
            </dl>
          </section>
          <section class="card card-wide" aria-labelledby="websites">
            <h2 id="websites">Last delivery per website</h2>
            {data.websites.length === 0 ? (
              <p>No delivery stored yet.</p>
            ) : (
              <DataTable label="Last delivery per website">
                <thead>
                  <tr>
                    <th scope="col">Website</th>
                    <th scope="col">Last delivery</th>
                  </tr>
                </thead>
                <tbody>
                  {data.websites.map((website) => (
                    <tr key={website.website_id}>
                      <th scope="row">
                        <a href={routeHash({ view: 'events', filter: { website_id: website.website_id } })}>
                          <code>{website.website_id}</code>
                        </a>
                      </th>
                      <td>
                        <Time iso={website.last_delivery_at} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </DataTable>
            )}
          </section>
        </div>
      )}
    </>
  );
}
