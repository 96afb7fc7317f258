import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { CRISP_EVENT_DTOS } from '../events/crisp-event.registry';

/** The part of `@nestjs/swagger` the module uses, typed here so that no declaration names the optional peer. */
interface Swagger {
  ApiTags(...tags: string[]): ClassDecorator & MethodDecorator;
  ApiBearerAuth(): ClassDecorator & MethodDecorator;
  ApiOperation(options: { summary: string; description?: string }): MethodDecorator;
  ApiBody(options: { schema: object; description?: string }): MethodDecorator;
  ApiQuery(options: { name: string; required?: boolean; description?: string; schema?: object }): MethodDecorator;
  ApiParam(options: { name: string; description?: string }): MethodDecorator;
  ApiResponse(options: { status: number; description: string; schema?: object }): MethodDecorator;
  ApiExtraModels(...models: Type[]): ClassDecorator;
  ApiExcludeController(): ClassDecorator;
  ApiProperty(options: object): PropertyDecorator;
  getSchemaPath(model: Type): string;
}

/**
 * `@nestjs/swagger` when the host app has it (an optional peer), else `undefined`: without it the routes
 * are served the same, undocumented.
 */
function loadSwagger(): Swagger | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional peer: a static import would fail without it
    return require('@nestjs/swagger') as Swagger;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Keeps a controller that serves no API (the admin page's HTML and assets) out of the document. @internal */
export function leaveOutOfCrispDocs(controller: Type): void {
  loadSwagger()?.ApiExcludeController()(controller);
}

const JSON_TYPES: Readonly<Record<string, string>> = {
  isString: 'string',
  isInt: 'integer',
  isNumber: 'number',
  isBoolean: 'boolean',
  isObject: 'object',
  isArray: 'array',
};

/**
 * The JSON schema of a DTO's fields, from its class-validator rules (one source of truth): each field's
 * type, optional ones not required, nested objects as objects; unknown fields allowed, as Crisp adds them.
 * @internal
 */
export function crispDataSchemaOf(dto: Type): Record<string, unknown> {
  const properties: Record<string, object> = {};
  const optional = new Set<string>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    properties[rule.propertyName] ??= {};
    if (rule.type === 'conditionalValidation' && rule.name === 'isOptional') optional.add(rule.propertyName);
    const type = rule.type === 'nestedValidation' ? 'object' : JSON_TYPES[rule.name ?? ''];
    if (!type || 'type' in properties[rule.propertyName]) continue;
    properties[rule.propertyName] = rule.each ? { type: 'array', items: { type } } : { type };
  }
  const required = Object.keys(properties).filter((name) => !optional.has(name));
  return { type: 'object', properties, required, additionalProperties: true };
}

/** One request body schema per event: the envelope with its `event` fixed and its DTO's `data`. */
function hookModels(swagger: Swagger): Map<string, Type> {
  const models = new Map<string, Type>();
  for (const [event, dto] of Object.entries(CRISP_EVENT_DTOS) as [string, Type][]) {
    const name = `${dto.name.replace(/Dto$/, '')}Hook`;
    const model = { [name]: class {} }[name] as Type;
    const property = (key: string, options: object) =>
      swagger.ApiProperty({ required: true, ...options })(model.prototype as object, key);
    property('website_id', { type: 'string', format: 'uuid' });
    property('event', { type: 'string', enum: [event] });
    property('data', { ...crispDataSchemaOf(dto), description: `Validated by ${dto.name}.` });
    property('timestamp', { type: 'integer', description: 'When Crisp emitted the event, in ms since the epoch.' });
    models.set(event, model);
  }
  return models;
}

const method = (controller: Type, name: string, ...decorators: MethodDecorator[]) => {
  const prototype = controller.prototype as object;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, name)!;
  for (const decorate of decorators) decorate(prototype, name, descriptor);
};

/**
 * Documents the hook route when `@nestjs/swagger` is there: its answers, and a request body that is one of
 * the 82 event schemas, told apart by `event` (a `oneOf` with a discriminator). @internal
 */
export function documentCrispHookRoute(controller: Type): void {
  const swagger = loadSwagger();
  if (!swagger) return;
  const models = hookModels(swagger);
  swagger.ApiExtraModels(...models.values())(controller);
  swagger.ApiTags('Crisp web hooks')(controller);
  const answers: [number, string][] = [
    [200, 'Stored (`{ ok, id }`), or a repeated delivery (`{ ok, duplicate: true }`); handlers run after.'],
    [202, 'Quarantined: a known event whose data fails its DTO (`{ ok, id, status: "invalid", errors }`).'],
    [400, 'Malformed JSON, not an envelope, or invalid data in reject mode.'],
    [401, 'Missing or wrong key or signature.'],
    [403, 'A valid credential for another website, or a website outside `websites`.'],
    [413, 'Body over `bodyLimit`.'],
    [415, 'Not application/json.'],
    [429, 'Too many failed authentications from this address.'],
    [503, 'The database could not store it; retry later.'],
  ];
  method(
    controller,
    'receive',
    swagger.ApiOperation({ summary: 'Receive a Crisp web hook (Website or Plugin Hook)' }),
    swagger.ApiQuery({ name: 'key', required: false, description: 'The hook key, for Website Hooks.' }),
    swagger.ApiBody({
      schema: {
        oneOf: [...models.values()].map((model) => ({ $ref: swagger.getSchemaPath(model) })),
        discriminator: {
          propertyName: 'event',
          mapping: Object.fromEntries([...models].map(([event, model]) => [event, swagger.getSchemaPath(model)])),
        },
      },
    }),
    ...answers.map(([status, description]) => swagger.ApiResponse({ status, description })),
  );
}

const FILTER_QUERIES: [string, string][] = [
  ['status', 'Statuses, comma-separated: received, processed, failed, dead, invalid.'],
  ['event', "Event names or families ('message:*'), comma-separated."],
  ['website_id', 'One website.'],
  ['session_id', 'One conversation.'],
  ['since', 'Stored at or after (ISO 8601).'],
  ['until', 'Stored before (ISO 8601).'],
  ['unhandled', 'true: processed events no handler ran on (a backfill).'],
];

const FILTER_SCHEMA = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    event: { type: 'string' },
    website_id: { type: 'string' },
    session_id: { type: 'string' },
    since: { type: 'string', format: 'date-time' },
    until: { type: 'string', format: 'date-time' },
    unhandled: { type: 'boolean' },
  },
  additionalProperties: false,
};

const HANDLERS_SCHEMA = {
  handlers: { type: 'array', items: { type: 'string' }, description: 'Also run these (Class.method).' },
  all: { type: 'boolean', description: 'Run every handler again.' },
};

const NAMES = { type: 'array', items: { type: 'string' } };

/** The part of one event's answer that has a shape of its own: its last runs. */
const EVENT_DETAIL_SCHEMA = {
  type: 'object',
  properties: {
    attempt_history: {
      type: 'array',
      description: 'Its last runs (up to 20), oldest first, replays included; no error message.',
      items: {
        type: 'object',
        required: ['attempt', 'at', 'status', 'done', 'failed', 'dead'],
        properties: {
          attempt: { type: 'integer', description: 'Which run since it was stored or last replayed, from 1.' },
          at: { type: 'string', format: 'date-time', description: 'When its outcome was recorded.' },
          status: { type: 'string', enum: ['processed', 'failed', 'dead'], description: 'What the event became.' },
          done: { ...NAMES, description: 'Handlers that succeeded in this run.' },
          failed: { ...NAMES, description: 'Handlers that failed in this run, those that gave up included.' },
          dead: { ...NAMES, description: 'Handlers that gave up for good in this run.' },
        },
      },
    },
  },
};

/** Documents the admin routes when `@nestjs/swagger` is there. @internal */
export function documentCrispAdminRoutes(controller: Type, bearer: boolean): void {
  const swagger = loadSwagger();
  if (!swagger) return;
  swagger.ApiTags('Crisp admin')(controller);
  if (bearer) swagger.ApiBearerAuth()(controller);
  const refused = swagger.ApiResponse({ status: 401, description: 'Missing or wrong admin token; nothing listed.' });
  const summary = (text: string) => swagger.ApiOperation({ summary: text });
  const id = swagger.ApiParam({ name: 'id', description: 'The stored event id.' });
  method(
    controller,
    'list',
    summary('List stored events, newest first'),
    ...FILTER_QUERIES.map(([name, description]) => swagger.ApiQuery({ name, required: false, description })),
    swagger.ApiQuery({ name: 'limit', required: false, description: 'Events per page: 50, at most 500.' }),
    swagger.ApiQuery({ name: 'cursor', required: false, description: 'next_cursor of the previous page.' }),
    refused,
  );
  method(
    controller,
    'get',
    summary('Get one stored event whole'),
    id,
    swagger.ApiResponse({
      status: 200,
      description: 'The summary fields of the list, with data, validation_errors, errors and attempt_history.',
      schema: EVENT_DETAIL_SCHEMA,
    }),
    refused,
  );
  method(
    controller,
    'replayOne',
    summary('Replay one event through the queue'),
    id,
    swagger.ApiBody({ schema: { type: 'object', properties: HANDLERS_SCHEMA } }),
    refused,
  );
  method(
    controller,
    'replayMany',
    summary('Replay (or count, dry_run) every event a filter selects'),
    swagger.ApiBody({
      schema: {
        type: 'object',
        required: ['filter'],
        properties: { filter: FILTER_SCHEMA, ...HANDLERS_SCHEMA, dry_run: { type: 'boolean' } },
      },
    }),
    refused,
  );
  method(
    controller,
    'erase',
    summary("Erase a person's stored events"),
    swagger.ApiQuery({ name: 'session_id', required: false }),
    swagger.ApiQuery({ name: 'email', required: false }),
    refused,
  );
  method(controller, 'stats', summary('Counts by status, backlog, websites'), refused);
  method(controller, 'handlers', summary('The registered handlers'), refused);
}
