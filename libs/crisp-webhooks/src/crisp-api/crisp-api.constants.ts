/** @internal Token of the options as the host passed them to `CrispApiModule`. */
export const CRISP_API_MODULE_OPTIONS = Symbol('CRISP_API_MODULE_OPTIONS');

/** @internal Token of the resolved (defaults merged, checked) `CrispApiModule` configuration. */
export const CRISP_API_CONFIG = Symbol('CRISP_API_CONFIG');

/** @internal Token of the authenticated `Crisp` client of `crisp-api`; inject it with `@InjectCrispApi()`. */
export const CRISP_API_CLIENT = Symbol('CRISP_API_CLIENT');

/** @internal Token of the TypeORM `DataSource` the replies are recorded in. */
export const CRISP_API_DATA_SOURCE = Symbol('CRISP_API_DATA_SOURCE');

/** Crisp's own REST API, which `crisp-api` calls unless told otherwise. @internal */
export const DEFAULT_CRISP_API_REST_HOST = 'https://api.crisp.chat';
