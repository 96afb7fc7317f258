import { CRISP_EVENT_NAMES } from 'nestjs-crisp-webhooks';
import { crispOpenApiDocument } from '../src/docs';
import { startExampleApp, type TestApp } from './utils/test-app';

describe('OpenAPI document of the example app', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startExampleApp({ env: { CRISP_ADMIN_TOKEN: 'openapi-admin-token-0123456789' } });
  });
  afterAll(() => t.close());

  it('has the hook route with one request schema per event, told apart by event', () => {
    const document = crispOpenApiDocument(t.app);
    const body = document.paths['/crisp/hooks'].post!.requestBody as {
      content: Record<
        string,
        {
          schema: {
            oneOf: { $ref: string }[];
            discriminator: { propertyName: string; mapping: Record<string, string> };
          };
        }
      >;
    };
    const { oneOf, discriminator } = body.content['application/json'].schema;
    expect(oneOf).toHaveLength(82);
    expect(discriminator.propertyName).toBe('event');
    expect(Object.keys(discriminator.mapping)).toEqual([...CRISP_EVENT_NAMES]);

    const schemas = document.components!.schemas! as Record<
      string,
      { properties: Record<string, { enum?: string[]; properties?: object; required?: string[] }> }
    >;
    for (const [event, ref] of Object.entries(discriminator.mapping)) {
      const schema = schemas[ref.replace('#/components/schemas/', '')];
      expect(schema.properties.event.enum).toEqual([event]);
      expect(Object.keys(schema.properties)).toEqual(['website_id', 'event', 'data', 'timestamp']);
    }
    const messageSend = schemas[discriminator.mapping['message:send'].replace('#/components/schemas/', '')];
    expect(messageSend.properties.data).toMatchObject({
      type: 'object',
      properties: { fingerprint: { type: 'integer' }, mentions: { type: 'array', items: { type: 'string' } } },
      required: expect.arrayContaining(['website_id', 'session_id', 'fingerprint', 'content']),
    });
    expect(messageSend.properties.data.required).not.toContain('mentions');
  });

  it('has the admin routes, behind the bearer token', () => {
    const document = crispOpenApiDocument(t.app);
    const routes = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'delete'].includes(method))
        .map(([method, operation]) => [
          `${method.toUpperCase()} ${path}`,
          (operation as { security?: unknown[] }).security,
        ]),
    );
    // The module's routes only: the example app's own health and metrics routes are documented beside them.
    const admin = Object.fromEntries(routes.filter(([route]) => String(route).includes(' /crisp/hooks/')));
    expect(Object.keys(admin).sort()).toEqual([
      'DELETE /crisp/hooks/events',
      'GET /crisp/hooks/events',
      'GET /crisp/hooks/events/{id}',
      'GET /crisp/hooks/handlers',
      'GET /crisp/hooks/stats',
      'POST /crisp/hooks/events/replay',
      'POST /crisp/hooks/events/{id}/replay',
    ]);
    for (const security of Object.values(admin)) expect(security).toEqual([{ bearer: [] }]);
  });

  it("documents the one-event answer's attempt history", () => {
    const answer = crispOpenApiDocument(t.app).paths['/crisp/hooks/events/{id}'].get!.responses['200'] as {
      content: Record<string, { schema: { properties: Record<string, { items: { required: string[] } }> } }>;
    };
    const history = answer.content['application/json'].schema.properties.attempt_history;
    expect(history.items.required).toEqual(['attempt', 'at', 'status', 'done', 'failed', 'dead']);
  });
});
