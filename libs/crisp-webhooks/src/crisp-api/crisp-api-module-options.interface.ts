/**
 * Who a `crisp-api` token acts as, sent to Crisp in the `X-Crisp-Tier` header. A Marketplace plugin's token is
 * `'plugin'`; `'website'` and `'user'` are the tokens of one website and of one operator account.
 * @publicApi
 */
export type CrispApiTier = 'plugin' | 'website' | 'user';

/**
 * Options of `CrispApiModule.forRoot()` / `forRootAsync()`: the REST API token the backend acts with. Never
 * logged; a start-up error names the option that is wrong, never its value.
 *
 * @publicApi
 */
export interface CrispApiModuleOptions {
  /**
   * The token's identifier (Crisp Marketplace → your plugin → Tokens; production or development).
   * No default: without a token Crisp answers 401.
   */
  identifier: string;

  /** The token's key, the secret half of it. No default, for the same reason. */
  key: string;

  /**
   * The token's tier.
   * @default 'plugin' (a Marketplace plugin token, the kind Crisp gives to backends that act on websites)
   */
  tier?: CrispApiTier;

  /**
   * Base URL of the REST API, without `/v1` (`crisp-api`'s `setRestHost`): a proxy, or a local server
   * standing in for Crisp in tests. An `http(s)` URL without credentials, query or fragment.
   * @default 'https://api.crisp.chat' (Crisp's own)
   */
  restHost?: string;
}

/** Options fixed when `CrispApiModule` is imported, before any async factory resolves. @publicApi */
export interface CrispApiModuleExtras {
  /**
   * Name of the TypeORM data source (`TypeOrmModule.forRoot({ name })`) replies are recorded in: the one
   * `CrispWebhooksModule` stores events in, since each record refers to its event.
   * @default the default data source
   */
  dataSource?: string;

  /** Register the module globally. @default false */
  isGlobal?: boolean;
}

/** `CrispApiModuleOptions` with the defaults applied and checked. @internal */
export interface CrispApiConfig {
  readonly identifier: string;
  readonly key: string;
  readonly tier: CrispApiTier;
  readonly restHost: string;
}
