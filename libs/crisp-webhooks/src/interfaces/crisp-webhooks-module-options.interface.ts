import type { CrispAdminOptions } from './crisp-admin-options.interface';
import type { CrispDeliveryOptions } from './crisp-delivery-options.interface';
import type { CrispHookAuthOptions } from './crisp-hook-auth-options.interface';
import type {
  CrispDeliveryLogLevel,
  CrispHealthOptions,
  CrispMetricsOptions,
} from './crisp-observability-options.interface';
import type { CrispRetentionOptions } from './crisp-retention-options.interface';

/**
 * Options of `CrispWebhooksModule.forRoot()` / `forRootAsync()`; who may deliver hooks (`keys`,
 * `pluginSecret`, …) is described in `CrispHookAuthOptions`.
 *
 * @publicApi
 */
export interface CrispWebhooksModuleOptions extends CrispHookAuthOptions {
  /**
   * Largest request body accepted, in bytes; a larger one is answered `413` without being read.
   * @default 1048576 (1 MB)
   */
  bodyLimit?: number;

  /**
   * What happens to a known event whose `data` fails its DTO.
   * - `'quarantine'`: stored with status `invalid` and its validation errors, not dispatched,
   *   answered `202` (Crisp counts it delivered and keeps the hook active).
   * - `'reject'`: answered `400`, not stored.
   * Both answers name each failing field path.
   * @default 'quarantine'
   */
  invalidEvents?: 'quarantine' | 'reject';

  /** Retries, ordering, concurrency and timing of handler runs; see `CrispDeliveryOptions`. */
  delivery?: CrispDeliveryOptions;

  /**
   * Prometheus metrics (`crisp_webhooks_…`, see `CrispMetricsOptions`), on the default `prom-client`
   * registry with `true`. Off by default: they need the optional `prom-client` package, and a host
   * that does not scrape them should not pay for them.
   * @default false
   */
  metrics?: boolean | CrispMetricsOptions;

  /** Bounds `CrispWebhooksHealthIndicator` checks; see `CrispHealthOptions`. */
  health?: CrispHealthOptions;

  /**
   * Level of the one line logged per delivery (event, website, stored id, outcome, ms), or `false`.
   * `'debug'` lets a host keep it in development and drop it in production with the logger's levels
   * (`NestFactory.create(AppModule, { logger: ['log', 'warn', 'error', 'fatal'] })`).
   * @default 'debug'
   */
  deliveryLog?: CrispDeliveryLogLevel;

  /**
   * Deleting old events and dropping old payloads on a schedule; see `CrispRetentionOptions`. `{}` turns
   * it on with its defaults (processed and quarantined events kept 30 days, dead ones until replayed or
   * pruned, payloads of processed events dropped after 7 days).
   * @default false (off: a library never deletes its host's data unasked, and upgrading it must not start
   * deleting history)
   */
  retention?: CrispRetentionOptions | false;
}

/** Options fixed when the module is imported, before any async factory resolves. @publicApi */
export interface CrispWebhooksModuleExtras {
  /**
   * Route path of the hook endpoint, without the host's global prefix.
   * @default 'crisp/hooks'
   */
  path?: string;

  /**
   * Class decorators applied to the generated controller, e.g. the host's `@Public()` so that
   * its global authentication guard lets Crisp through (Crisp sends no credentials but the key).
   * @default []
   */
  decorators?: ClassDecorator[];

  /**
   * Name of the TypeORM data source (`TypeOrmModule.forRoot({ name })`) to store deliveries in.
   * @default the default data source
   */
  dataSource?: string;

  /** Register the module globally. @default false */
  isGlobal?: boolean;

  /**
   * The admin HTTP API under `path` (list, read, replay, erase stored events), on with a bearer token or
   * the host's own guard; see `CrispAdminOptions`. Fixed at import time, as the routes are.
   * @default off
   */
  admin?: CrispAdminOptions;
}
