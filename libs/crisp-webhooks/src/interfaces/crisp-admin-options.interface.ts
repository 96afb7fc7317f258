/**
 * The admin HTTP API (`CrispWebhooksModuleExtras.admin`): list, read, replay and erase stored events, under
 * the hook route's path. Off unless given; on with a bearer `token`, with the host's own guard in
 * `decorators`, or both.
 *
 * @publicApi
 */
export interface CrispAdminOptions {
  /**
   * Bearer token(s) the admin routes accept (`Authorization: Bearer <token>`), compared in constant time
   * and never logged. Several at once let you rotate: add the new one, switch the clients, remove the old.
   * At least 16 characters: read it from configuration (e.g. `CRISP_ADMIN_TOKEN`), never from code.
   * @default none: only `decorators` protect the routes
   */
  token?: string | readonly string[];

  /**
   * Class decorators applied to the admin controller, e.g. `UseGuards(YourAdminGuard)`, so that the host's
   * own authentication decides who operates the events (with or without a `token`). The host's global
   * guards apply to the admin routes too, unlike the hook route which Crisp calls without credentials. They
   * stand before the admin page too; without a `token`, the page asks for none and calls the API with the
   * browser's own credentials (its session cookie for your app).
   * @default []
   */
  decorators?: ClassDecorator[];
}

/** @internal `CrispAdminOptions` checked: the tokens, and the host's decorators. */
export interface CrispAdminConfig {
  readonly tokens: readonly string[];
  readonly decorators: readonly ClassDecorator[];
}
