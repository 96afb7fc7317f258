/**
 * @internal Texts of the module's start-up errors (what was wrong and how to fix it) and of its log lines,
 * in one place. What an HTTP answer says stays beside the stage that answers it (`http/`, `auth/`,
 * `validation/`), where a reader of that stage looks for it.
 */
export const NO_WAY_IN = () =>
  'CrispWebhooksModule needs at least one key or plugin secret: pass `keys: [...]` (e.g. from ' +
  'CRISP_WEBHOOK_KEYS), `websiteKeys`, or `pluginSecret` for signed Plugin Hooks. Crisp website hooks ' +
  'are unsigned, so the URL key is the only proof a website hook comes from Crisp.';

export const EMPTY_ENTRY = (option: string, index: number) =>
  `CrispWebhooksModule: ${option} #${index} is empty or not a string. Remove it or set a non-empty value.`;

export const WRONG_SHAPE = (option: string, expected: string) => `CrispWebhooksModule: ${option} must be ${expected}.`;

export const EMPTY_LIST = (option: string) =>
  `CrispWebhooksModule: ${option} is an empty list, which would let no hook in. Fill it or remove the option.`;

export const WEBSITE_KEY_OUTSIDE_ALLOW_LIST = (websiteId: string) =>
  `CrispWebhooksModule: websiteKeys has keys for website ${websiteId}, which the websites allow-list ` +
  'refuses. Add the website to websites, or remove its keys.';

export const BAD_AUTH = (value: unknown) =>
  `CrispWebhooksModule: auth must be 'key', 'signature' or 'either', got ${String(value)}.`;

export const AUTH_LACKS_CREDENTIAL = (mode: string, option: string) =>
  `CrispWebhooksModule: auth '${mode}' needs ${option}, but none is set. Set it (from configuration), ` +
  'or choose the auth mode of the credentials you have.';

export const AUTH_IGNORES_CREDENTIAL = (mode: string, option: string) =>
  `CrispWebhooksModule: auth '${mode}' would ignore the configured ${option}. Use auth 'either' to accept ` +
  'both kinds of hook, or remove the option.';

export const BAD_SIGNATURE_MAX_AGE = (value: unknown) =>
  `CrispWebhooksModule: signatureMaxAgeSeconds must be a positive number of seconds, got ${String(value)}. ` +
  'Omit it for no age limit.';

export const BAD_AUTH_FAILURE_LIMIT = (max: unknown, windowSeconds: unknown) =>
  'CrispWebhooksModule: authFailureLimit must be { max, windowSeconds } with a positive whole max and a ' +
  `positive windowSeconds, got max ${String(max)} and windowSeconds ${String(windowSeconds)}. Use false for no limit.`;

export const BAD_BODY_LIMIT = (value: unknown) =>
  `CrispWebhooksModule: bodyLimit must be a positive number of bytes, got ${String(value)}.`;

export const BAD_INVALID_EVENTS = (value: unknown) =>
  `CrispWebhooksModule: invalidEvents must be 'quarantine' or 'reject', got ${String(value)}.`;

export const NO_EVENT_EMITTER = () =>
  'CrispWebhooksModule dispatches through @nestjs/event-emitter, but EventEmitter2 is not available. ' +
  'Import EventEmitterModule.forRoot() in your root module.';

export const REQUEST_SCOPED_HANDLER = (handler: string) =>
  `@OnCrispEvent handler ${handler} belongs to a request-scoped provider. Crisp events are handled ` +
  'after the answer, outside any request: make the provider a singleton (the default scope).';

export const DUPLICATE_HANDLER = (handler: string) =>
  `Two @OnCrispEvent handlers are both named ${handler}. Handlers are recorded by "Class.method", ` +
  'so each must be unique: rename one class or method, or provide the class only once.';

export const UNKNOWN_EVENT_PATTERN = (pattern: string) =>
  `@OnCrispEvent('${pattern}'): no Crisp event has this name. Use a name of CrispEventName, ` +
  "a family wildcard such as 'message:*', or '*'.";

export const BODY_ALREADY_READ = () =>
  'The Crisp hook body was consumed before CrispWebhooksModule could read it: a body parser mounted ' +
  'before the module read it. Create the app with rawBody: true, or skip the hook route in that parser.';

export const HANDLER_FAILED = (handler: string, id: string, event: string) =>
  `Handler ${handler} failed on Crisp event #${id} (${event})`;

export const ERASURE_HANDLER_FAILED = (handler: string) =>
  `Erasure handler ${handler} failed: the module kept its stored events, so the erasure can be asked again`;

export const ERASURE_FAILED = (handlers: readonly string[]) =>
  `Erasure handler(s) ${handlers.join(', ')} failed; no stored event was deleted. Fix the handler and ask again.`;

export const ADMIN_WITHOUT_PROTECTION = () =>
  'CrispWebhooksModule: admin needs a token (admin: { token: process.env.CRISP_ADMIN_TOKEN }) or your own ' +
  'guard (admin: { decorators: [UseGuards(YourAdminGuard)] }): the admin routes read and erase personal data. ' +
  'Remove the admin option to keep the API off.';

export const ADMIN_TOKEN_TOO_SHORT = (index: number, min: number) =>
  `CrispWebhooksModule: admin.token #${index} is shorter than ${min} characters, which can be guessed. ` +
  'Use a long random value, e.g. openssl rand -base64 32.';

export const BAD_DELIVERY_OPTION = (name: string, value: unknown, min: number, whole: boolean) =>
  `CrispWebhooksModule: delivery.${name} must be a ${whole ? 'whole ' : ''}number of at least ${min}, got ${String(value)}.`;

export const BAD_DELIVERY_FLAG = (name: string, value: unknown) =>
  `CrispWebhooksModule: delivery.${name} must be true or false, got ${typeof value === 'string' ? `the string "${value}"` : String(value)}` +
  (typeof value === 'string' ? ': read from an environment variable, compare it (`=== "true"`).' : '.');

export const LEASE_SHORTER_THAN_POLLS = (leaseSeconds: number, pollIntervalMs: number) =>
  `CrispWebhooksModule: delivery.leaseSeconds (${leaseSeconds} s) must last at least 3 polls ` +
  `(pollIntervalMs ${pollIntervalMs} ms): leases are renewed at each poll. Raise leaseSeconds or poll more often.`;

export const DATABASE_UNAVAILABLE = (reason: string) =>
  `Database unreachable (${reason}): hooks are answered 503 and handlers wait; both resume when it is back.`;

export const DATABASE_REACHABLE = () => 'Database reachable again: Crisp event handlers resumed.';

export const ORDER_WITH_HANDLERS_BEFORE_ANSWER = () =>
  'CrispWebhooksModule: delivery.handlersBeforeAnswer cannot be combined with delivery.orderBySession: ' +
  'an event waiting for an earlier one of its conversation could not be answered within the 2 seconds Crisp waits.';

export const ADMIN_PAGE_NOT_BUILT = (folder: string) =>
  `CrispWebhooksModule: the admin page's build is missing from ${folder}. The published package ships it; ` +
  'in this repository, run npm run build:lib.';
export const BAD_METRICS = (value: unknown) =>
  `CrispWebhooksModule: metrics must be true, false or { registry?, cacheSeconds? }, got ${String(value)}.`;

export const BAD_METRICS_REGISTRY = () =>
  'CrispWebhooksModule: metrics.registry is not a prom-client Registry (it needs getSingleMetric, ' +
  "registerMetric and removeSingleMetric). Pass `new Registry()` or `register` from 'prom-client', or omit it.";

export const NO_PROM_CLIENT = (reason: string) =>
  `CrispWebhooksModule: metrics are on, but prom-client could not be loaded (${reason}). ` +
  'Install it (npm install prom-client), or turn metrics off.';

export const BAD_OBSERVABILITY_NUMBER = (name: string, value: unknown, nullable: boolean) =>
  `CrispWebhooksModule: ${name} must be a number of at least 0${nullable ? ', or null for no check' : ''}, got ${String(value)}.`;

export const BAD_HEALTH_EXCEEDED = (value: unknown) =>
  `CrispWebhooksModule: health.exceeded must be 'degraded' or 'down', got ${String(value)}.`;

export const BAD_DELIVERY_LOG = (value: unknown) =>
  `CrispWebhooksModule: deliveryLog must be 'log', 'debug', 'verbose' or false, got ${String(value)}.`;

export const NO_TERMINUS = (reason: string) =>
  `CrispWebhooksHealthIndicator needs @nestjs/terminus, which could not be loaded (${reason}). ` +
  'Install it (npm install @nestjs/terminus) and import TerminusModule in the module of your health controller.';

export const DELIVERY_LINE = (
  event: string,
  websiteId: string,
  id: string,
  outcome: string,
  status: number,
  ms: string,
) => `Crisp hook ${event} website=${websiteId} id=${id} outcome=${outcome} status=${status} ms=${ms}`;

export const REFUSED_LINE = (outcome: string, status: number, ms: string) =>
  `Crisp hook refused outcome=${outcome} status=${status} ms=${ms}`;

export const INVALID_EMITTED_EVENT = (
  event: string,
  errors: readonly { path: string; messages: readonly string[] }[],
) =>
  `CrispWebhooksTesting.emit: the ${event} event fails its DTO, so the module would quarantine it and run no ` +
  `handler: ${errors.map(({ path, messages }) => `${path} (${messages.join('; ')})`).join(', ')}. ` +
  'Build it with crispEvent() and override only valid fields.';

// Why hooks are answered 503: logged once when it starts, never with the URL, a header or a key.
const UNTIL_STORED = ' Logged once until a hook is stored again or the cause changes.';

export const HOOKS_NOT_STORED_IN_TIME = (storeTimeoutMs: number) =>
  `Crisp hooks answered 503: the database did not store them within delivery.storeTimeoutMs (${storeTimeoutMs} ms).` +
  UNTIL_STORED;

export const HOOKS_LOST_CONNECTION = (storeTimeoutMs: number, reason: string) =>
  `Crisp hooks answered 503: the connection to the database was lost and none could be made again within ` +
  `delivery.storeTimeoutMs (${storeTimeoutMs} ms): ${reason}.` +
  UNTIL_STORED;

export const HOOK_ROW_REFUSED = (sqlstate: string) =>
  `Crisp hook answered 503: the database refused its row (SQLSTATE ${sqlstate}); the hooks it was written with are stored.` +
  UNTIL_STORED;

export const HOOKS_DATABASE_FAILED = (reason: string) =>
  `Crisp hooks answered 503: the database failed: ${reason}.` + UNTIL_STORED;

export const HOOKS_STORED_AGAIN = () => 'Crisp hooks are stored again.';

export const BAD_RETENTION_AGE = (option: string, value: unknown) =>
  `CrispWebhooksModule: retention.${option} must be a duration of at least an hour such as '30d', '36h' or '90m', ` +
  `or false to keep those events, got ${String(value)}. A shorter retention would forget deliveries Crisp may ` +
  'still retry, which would then be stored and handled twice.';

export const BAD_RETENTION_EVENT_PATTERN = (pattern: string) =>
  `CrispWebhooksModule: retention.events['${pattern}'] names no Crisp event. Use an event name of CrispEventName ` +
  "or a family wildcard such as 'message:*'; the retention ages themselves apply to every other event.";

export const PAYLOAD_RETENTION_NOT_SHORTER = (payload: string) =>
  `CrispWebhooksModule: retention.payload (${payload}) is not shorter than the retention of processed events, so ` +
  'every payload would be deleted with its row before it could be dropped. Shorten retention.payload, keep ' +
  'processed events longer, or set retention.payload to false.';

export const BAD_RETENTION_EVERY = (value: unknown) =>
  `CrispWebhooksModule: retention.every must be a duration of at least a second such as '1h' or '15m', got ${String(value)}.`;

export const BAD_RETENTION_BATCH_SIZE = (value: unknown) =>
  `CrispWebhooksModule: retention.batchSize must be a whole number from 1 to 100000, got ${String(value)}.`;

export const RETENTION_APPLIED = (deleted: number, dropped: number, ms: number) =>
  `Retention: deleted ${deleted} stored event(s), dropped the payload of ${dropped} (${ms} ms)`;

export const RETENTION_FAILED = (reason: string) =>
  `Retention could not run (${reason}); it tries again at the next round.`;

export const MISSING_CRISP_API_TOKEN = (option: 'identifier' | 'key') =>
  `CrispApiModule: ${option} is missing or empty. Set the ${option} of your Crisp REST API token (Crisp ` +
  'Marketplace → your plugin → Tokens), e.g. from CRISP_API_IDENTIFIER and CRISP_API_KEY.';

export const BAD_CRISP_API_TIER = (value: unknown) =>
  `CrispApiModule: tier must be 'plugin', 'website' or 'user', got ${String(value)}. Omit it for a plugin token.`;

export const BAD_CRISP_API_REST_HOST = (reason: string) =>
  `CrispApiModule: restHost must be the http(s) base URL of Crisp's REST API, without /v1, e.g. ` +
  `https://api.crisp.chat, but ${reason}. Omit it to call Crisp itself.`;

export const REPLY_OUTSIDE_HANDLER = () =>
  'CrispReplies.reply() was given an event no @OnCrispEvent handler run was given: a reply is made once per ' +
  'event, handler and key, and the event object the handler received is what says which run it is. Pass that ' +
  'object itself, not a copy (or call trackCrispHandlerRuns() at startup to also find the run of the code ' +
  'a handler calls).';

export const BAD_REPLY_KEY = () =>
  "CrispReplies.reply(): options.key must be a non-empty string naming this reply among the handler's replies.";

export const REPLY_WITHOUT_SESSION = (eventId: string, event: string) =>
  `CrispReplies.reply(): Crisp event #${eventId} (${event}) has no data.session_id, so there is no conversation to reply in.`;

export const REPLY_FOUND_BY_FINGERPRINT = (handler: string, eventId: string, fingerprint: number) =>
  `Reply of ${handler} to Crisp event #${eventId} was already in the conversation (fingerprint ${fingerprint}): ` +
  'not sent again.';

export const HANDLER_TIMED_OUT = (handler: string, timeoutMs: number) =>
  `Handler ${handler} did not finish within its timeout of ${timeoutMs} ms: abandoned (its signal aborted), retried later.`;

/** Who an event's error names when its handlers' run ended with their process: which handler did is unknown. */
export const CRASHED_RUN_HANDLER = 'CrispWebhooksWorker';

export const RUNS_ENDED_WITHOUT_OUTCOME = (attempts: number, allowed: number) =>
  `The last run of its handlers ended without an outcome: the process stopped while they ran (an exception ` +
  `thrown outside a promise, process.exit, out of memory) or held its event loop past the lease. That was run ` +
  `${attempts} of the ${allowed} retry.attempts allows: not run again. Fix the handler, then replay the event.`;

export const RUN_ENDED_WITHOUT_OUTCOME = (id: string, event: string, attempt: number, allowed: number) =>
  `Crisp event #${id} (${event}): the last run of its handlers ended without an outcome (the process stopped ` +
  `while they ran, or its lease expired); run ${attempt} of ${allowed}, one such event at a time.`;

export const EVENT_DEAD_WITHOUT_OUTCOME = (id: string, event: string, attempts: number, allowed: number) =>
  `Crisp event #${id} (${event}) is dead. ${RUNS_ENDED_WITHOUT_OUTCOME(attempts, allowed)}`;

export const TESTING_MODULE_CLOSED = () => 'The CrispWebhooksTestingModule was closed while this handler ran.';

export const BAD_HANDLER_TIMEOUT = (handler: string, value: unknown) =>
  `@OnCrispEvent on ${handler}: timeoutMs must be a number of milliseconds of at least 1, got ${String(value)}.`;
