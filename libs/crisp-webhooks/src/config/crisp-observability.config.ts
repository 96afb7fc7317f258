import {
  BAD_DELIVERY_LOG,
  BAD_HEALTH_EXCEEDED,
  BAD_METRICS,
  BAD_METRICS_REGISTRY,
  BAD_OBSERVABILITY_NUMBER,
} from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispMetricsOptions, CrispObservabilityConfig, CrispWebhooksModuleOptions } from '../interfaces';

const fail = (message: string): never => {
  throw new CrispWebhooksConfigurationError(message);
};

const LOG_LEVELS: readonly unknown[] = ['log', 'debug', 'verbose', false];

function numberOf(name: string, value: unknown, fallback: number): number;
function numberOf(name: string, value: unknown, fallback: number | null, nullable: true): number | null;
function numberOf(name: string, value: unknown, fallback: number | null, nullable = false): number | null {
  if (value === undefined) return fallback;
  if (value === null && nullable) return null;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : fail(BAD_OBSERVABILITY_NUMBER(name, value, nullable));
}

const isRegistry = (registry: unknown) =>
  typeof registry === 'object' &&
  registry !== null &&
  ['getSingleMetric', 'registerMetric', 'removeSingleMetric'].every(
    (method) => typeof Reflect.get(registry, method) === 'function',
  );

function metricsOf(metrics: CrispWebhooksModuleOptions['metrics']): CrispObservabilityConfig['metrics'] {
  if (metrics === undefined || metrics === false) return null;
  if (metrics !== true && (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics))) {
    return fail(BAD_METRICS(metrics));
  }
  const { registry, cacheSeconds } = metrics === true ? ({} as CrispMetricsOptions) : metrics;
  if (registry !== undefined && !isRegistry(registry)) fail(BAD_METRICS_REGISTRY());
  return { registry, cacheSeconds: numberOf('metrics.cacheSeconds', cacheSeconds, 5) };
}

/** Applies the defaults of metrics, health bounds and the delivery log, and checks them. @internal */
export function resolveCrispObservabilityConfig(options: CrispWebhooksModuleOptions): CrispObservabilityConfig {
  const health = options.health ?? {};
  const exceeded = health.exceeded ?? 'degraded';
  if (exceeded !== 'degraded' && exceeded !== 'down') fail(BAD_HEALTH_EXCEEDED(exceeded));
  const deliveryLog = options.deliveryLog ?? 'debug';
  if (!LOG_LEVELS.includes(deliveryLog)) fail(BAD_DELIVERY_LOG(deliveryLog));
  return {
    metrics: metricsOf(options.metrics),
    health: {
      timeoutMs: numberOf('health.timeoutMs', health.timeoutMs, 1000),
      maxBacklog: numberOf('health.maxBacklog', health.maxBacklog, 10_000, true),
      maxBacklogAgeSeconds: numberOf('health.maxBacklogAgeSeconds', health.maxBacklogAgeSeconds, 900, true),
      maxDead: numberOf('health.maxDead', health.maxDead, 0, true),
      silenceSeconds: numberOf('health.silenceSeconds', health.silenceSeconds, 86_400, true),
      cacheSeconds: numberOf('health.cacheSeconds', health.cacheSeconds, 5),
      exceeded,
    },
    deliveryLog,
  };
}
