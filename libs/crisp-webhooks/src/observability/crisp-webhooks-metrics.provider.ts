import type { Provider } from '@nestjs/common';
import { CRISP_WEBHOOKS_CONFIG, CRISP_WEBHOOKS_METRICS } from '../crisp-webhooks.constants';
import type { CrispWebhooksConfig } from '../interfaces';
import { CrispWebhooksMetrics } from './crisp-webhooks.metrics';
import { CrispWebhooksMonitor } from './crisp-webhooks.monitor';

/** The metrics when they are on, else `null`: prom-client is then never loaded. @internal */
export const crispWebhooksMetricsProvider: Provider = {
  provide: CRISP_WEBHOOKS_METRICS,
  inject: [CRISP_WEBHOOKS_CONFIG, CrispWebhooksMonitor],
  useFactory: ({ observability }: CrispWebhooksConfig, monitor: CrispWebhooksMonitor) => {
    const { metrics, health } = observability;
    if (!metrics) return null;
    return new CrispWebhooksMetrics(metrics.registry, () =>
      monitor.snapshot(metrics.cacheSeconds * 1000, health.timeoutMs),
    );
  },
};
