/** @internal Texts of the errors and logs of the module, in one place. */
export const NO_KEYS = () =>
  'CrispWebhooksModule needs at least one key: pass `keys: [...]` (e.g. from CRISP_WEBHOOK_KEYS). ' +
  'Crisp website hooks are unsigned, so the URL key is the only proof a request comes from Crisp.';

export const EMPTY_KEY = (index: number) =>
  `CrispWebhooksModule: key #${index} is empty. Remove it or set a non-empty secret.`;

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
