import type { OnApplicationShutdown } from '@nestjs/common';
import { createRequire } from 'node:module';
import { CRASHED_RUN_HANDLER, NO_PROM_CLIENT } from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import { CRISP_EVENT_NAMES } from '../events/crisp-event-pattern.util';
import type { CrispHandlerRunOutcome } from '../delivery/crisp-run-outcome';
import type { CrispMetricsRegistry } from '../interfaces';
import type { CrispDeliveryOutcome } from './crisp-delivery-outcome';
import type { CrispInboxSnapshot } from './crisp-webhooks.monitor';

type PromClient = typeof import('prom-client');
type Labels = Record<string, string>;

/** The families of the catalogue: a label value from a hook's event name is one of these, or `other`. */
const FAMILIES = new Set(CRISP_EVENT_NAMES.map((name) => name.slice(0, name.indexOf(':'))));

/** Label of an event's family; `none` when the delivery was refused before its event was read. @internal */
export function crispEventFamily(event: string | undefined): string {
  if (event === undefined) return 'none';
  const family = event.slice(0, event.indexOf(':'));
  return FAMILIES.has(family) ? family : 'other';
}

/** Answers must come within Crisp's 2 s; the store timeout is 1.5 s by default. */
const ANSWER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 5];
/** A handler may call slow APIs; past 10 minutes it is stuck. */
const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
/** From Crisp's event to its handlers all done: retries take minutes, dead events' last try about 13. */
const LAG_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1800, 3600, 21600];

const GAUGES = [
  'crisp_webhooks_backlog_events',
  'crisp_webhooks_oldest_unfinished_age_seconds',
  'crisp_webhooks_last_delivery_timestamp_seconds',
] as const;

function loadPromClient(): PromClient {
  try {
    return createRequire(__filename)('prom-client') as PromClient;
  } catch (error) {
    throw new CrispWebhooksConfigurationError(NO_PROM_CLIENT((error as Error).message));
  }
}

/** Where the gauges read from the database: the monitor's cached snapshot. @internal */
export type CrispSnapshotSource = () => Promise<CrispInboxSnapshot>;

/**
 * The module's Prometheus metrics. Counters and histograms are got-or-created on the registry, so a
 * second registration (or an app started again in the same process) adds to the same series. The
 * gauges read the database when scraped; they are bound to this instance's database, so this
 * instance replaces any left by an earlier one and removes its own at shutdown.
 * @internal
 */
export class CrispWebhooksMetrics implements OnApplicationShutdown {
  private readonly deliveries: { inc(labels: Labels): void };
  private readonly answers: { observe(labels: Labels, seconds: number): void };
  private readonly announcedRetries: { inc(labels: Labels): void };
  private readonly handlerRuns: { inc(labels: Labels): void };
  private readonly handlerDurations: { observe(labels: Labels, seconds: number): void };
  private readonly lag: { observe(seconds: number): void };
  private readonly gauges: unknown[];

  constructor(
    private readonly registry: CrispMetricsRegistry | undefined,
    snapshot: CrispSnapshotSource,
  ) {
    const client = loadPromClient();
    const registers = [(registry ?? client.register) as InstanceType<PromClient['Registry']>];
    const target = registers[0];
    const reuse = <T>(name: string, create: () => T): T => (target.getSingleMetric(name) as T | undefined) ?? create();
    const counter = (name: string, help: string, labelNames: string[]) =>
      reuse(name, () => new client.Counter({ name, help, labelNames, registers }));
    const histogram = (name: string, help: string, labelNames: string[], buckets: number[]) =>
      reuse(name, () => new client.Histogram({ name, help, labelNames, buckets, registers }));

    this.deliveries = counter(
      'crisp_webhooks_deliveries_total',
      'Hook deliveries answered, by outcome and event family.',
      ['outcome', 'family'],
    );
    this.answers = histogram(
      'crisp_webhooks_answer_duration_seconds',
      'Time from a delivery arriving to its answer being sent, by outcome.',
      ['outcome'],
      ANSWER_BUCKETS,
    );
    this.announcedRetries = counter(
      'crisp_webhooks_announced_retries_total',
      'Deliveries Crisp announced as retries (X-Delivery-Attempt-Count above 1): an earlier attempt failed.',
      ['outcome'],
    );
    this.handlerRuns = counter(
      'crisp_webhooks_handler_runs_total',
      'Runs of @OnCrispEvent handlers, by handler (Class.method) and outcome: succeeded, failed (retried), dead ' +
        '(CrispWebhooksWorker: an event whose runs ended with their process).',
      ['handler', 'outcome'],
    );
    this.handlerDurations = histogram(
      'crisp_webhooks_handler_duration_seconds',
      'Duration of one run of an @OnCrispEvent handler, by handler.',
      ['handler'],
      HANDLER_BUCKETS,
    );
    this.lag = histogram(
      'crisp_webhooks_event_lag_seconds',
      "From an event's timestamp (Crisp's clock) to the run in which its last handler succeeded.",
      [],
      LAG_BUCKETS,
    );

    for (const name of GAUGES) target.removeSingleMetric(name);
    const refresh = async (read: (taken: CrispInboxSnapshot) => void, reset: () => void) => {
      reset();
      // An unreachable database leaves these gauges without samples; the other metrics are still served.
      const taken = await snapshot().catch(() => undefined);
      if (taken) read(taken);
    };
    this.gauges = [
      new client.Gauge({
        name: GAUGES[0],
        help: 'Events due for their handlers (due), waiting for a retry (failed), and given up (dead).',
        labelNames: ['status'],
        registers,
        async collect() {
          await refresh(
            ({ due, failed, dead }) => {
              this.set({ status: 'due' }, due);
              this.set({ status: 'failed' }, failed);
              this.set({ status: 'dead' }, dead);
            },
            () => this.reset(),
          );
        },
      }),
      new client.Gauge({
        name: GAUGES[1],
        help: 'Age of the oldest event whose handlers have not all run (0 when there is none).',
        registers,
        async collect() {
          await refresh(
            ({ oldestUnfinishedAgeSeconds }) => this.set(oldestUnfinishedAgeSeconds ?? 0),
            () => this.reset(),
          );
        },
      }),
      new client.Gauge({
        name: GAUGES[2],
        help: 'When the latest delivery of each website was received (Unix time).',
        labelNames: ['website_id'],
        registers,
        async collect() {
          await refresh(
            ({ websites }) => {
              for (const { websiteId, lastDeliveryAt } of websites) {
                this.set({ website_id: websiteId }, lastDeliveryAt.getTime() / 1000);
              }
            },
            () => this.reset(),
          );
        },
      }),
    ];
  }

  /** Counts an answered delivery and how long its answer took. */
  delivered(outcome: CrispDeliveryOutcome, event: string | undefined, ms: number, announcedRetry: boolean): void {
    this.deliveries.inc({ outcome, family: crispEventFamily(event) });
    this.answers.observe({ outcome }, ms / 1000);
    if (announcedRetry) this.announcedRetries.inc({ outcome });
  }

  /** Counts one handler's run on one event. */
  handlerRan(handler: string, outcome: CrispHandlerRunOutcome, ms: number): void {
    this.handlerRuns.inc({ handler, outcome });
    this.handlerDurations.observe({ handler }, ms / 1000);
  }

  /**
   * Counts an event given up because its runs ended with their process: `dead` under the worker's name, as its
   * row's error says, since which handler killed the process is not known. No duration: none was measured.
   */
  diedWithoutOutcome(): void {
    this.handlerRuns.inc({ handler: CRASHED_RUN_HANDLER, outcome: 'dead' });
  }

  /** Records how long after Crisp emitted it an event had its handlers all done. */
  completed(timestamp: number, now = Date.now()): void {
    this.lag.observe(Math.max(0, (now - timestamp) / 1000));
  }

  /** Takes this instance's database gauges off the registry, unless a later instance replaced them. */
  onApplicationShutdown(): void {
    const target = (this.registry ?? loadPromClient().register) as CrispMetricsRegistry;
    GAUGES.forEach((name, i) => {
      if (target.getSingleMetric(name) === this.gauges[i]) target.removeSingleMetric(name);
    });
  }
}
