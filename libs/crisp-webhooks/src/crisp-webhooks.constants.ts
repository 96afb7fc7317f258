/** @internal Metadata key under which `@OnCrispEvent` records its subscriptions. */
export const CRISP_EVENT_HANDLER_METADATA = 'CRISP_WEBHOOKS:EVENT_HANDLER';

/** @internal Metadata key under which `@OnCrispErasure` marks its methods. */
export const CRISP_ERASURE_HANDLER_METADATA = 'CRISP_WEBHOOKS:ERASURE_HANDLER';

/** @internal Token of the options as the user passed them. */
export const CRISP_WEBHOOKS_MODULE_OPTIONS = Symbol('CRISP_WEBHOOKS_MODULE_OPTIONS');

/** @internal Token of the resolved (defaults merged, checked) configuration. */
export const CRISP_WEBHOOKS_CONFIG = Symbol('CRISP_WEBHOOKS_CONFIG');

/** @internal Token of the TypeORM `DataSource` the module stores deliveries with. */
export const CRISP_WEBHOOKS_DATA_SOURCE = Symbol('CRISP_WEBHOOKS_DATA_SOURCE');

/**
 * @internal Token of this app instance's id, which its leases on stored events carry. New at every
 * start, so a restarted instance never mistakes the leases of its previous life for its own.
 */
export const CRISP_WEBHOOKS_INSTANCE = Symbol('CRISP_WEBHOOKS_INSTANCE');

/** @internal Token of the checked admin options (`CrispAdminConfig`), when the admin API is on. */
export const CRISP_ADMIN_CONFIG = Symbol('CRISP_ADMIN_CONFIG');

/** @internal Token of the route path the controller of this registration answers on. */
export const CRISP_WEBHOOKS_PATH = Symbol('CRISP_WEBHOOKS_PATH');

export const DEFAULT_CRISP_WEBHOOKS_PATH = 'crisp/hooks';
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** @internal Token of the `CrispWebhooksTestingModule`'s resolved options (`CrispWebhooksTestingConfig`). */
export const CRISP_WEBHOOKS_TESTING_CONFIG = Symbol('CRISP_WEBHOOKS_TESTING_CONFIG');

/** @internal Token of the module's Prometheus metrics, `null` when they are off. */
export const CRISP_WEBHOOKS_METRICS = Symbol('CRISP_WEBHOOKS_METRICS');
