/**
 * Options of `CrispWebhooksModule.forRoot()` / `forRootAsync()`.
 *
 * @publicApi
 */
export interface CrispWebhooksModuleOptions {
  /**
   * Secrets accepted in the hook URL's `?key=` query parameter. Crisp website hooks are not signed:
   * the key in the URL you paste into Crisp is what proves a request comes from Crisp. List several
   * to rotate without downtime (add the new key, change the URL in Crisp, then drop the old key).
   * Read them from configuration, never from code. At least one is required.
   */
  keys: readonly string[];

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
}
