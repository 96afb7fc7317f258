import { Body, Controller, Header, type INestApplication, Post, Query, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import type { Server } from 'node:http';
import { crispSignatureOf } from '../auth/crisp-signature';
import { crispEvent } from './crisp-event.factory';
import { postCrispHook } from './post-crisp-hook';

/** Echoes what a hook endpoint receives: the helper is checked on the wire, not against the module. */
@Controller()
class EchoController {
  @Post(['crisp/hooks', 'api/crisp/hooks'])
  echo(@Req() request: Request, @Query() query: Record<string, string>, @Body() body: unknown) {
    return { path: request.path, query, headers: request.headers, body };
  }

  @Post('plain')
  @Header('Content-Type', 'text/plain')
  plain() {
    return 'accepted';
  }
}

describe('postCrispHook', () => {
  let app: INestApplication;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [EchoController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterEach(() => app.close());

  it("posts the hook as JSON with its URL key to the module's default route, on an app that only ran init()", async () => {
    const hook = crispEvent('message:send');

    const answer = await postCrispHook(app, hook, { key: 'k&y' });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      path: '/crisp/hooks',
      query: { key: 'k&y' },
      headers: { 'content-type': 'application/json' },
      body: hook,
    });
    expect((app.getHttpServer() as Server).listening).toBe(false);
  });

  it('signs the exact bytes it sends with the plugin secret, to the given path, with extra headers', async () => {
    const text = JSON.stringify(crispEvent('session:set_email'));

    const answer = await postCrispHook(app, text, {
      pluginSecret: 'plugin-secret',
      path: '/api/crisp/hooks',
      headers: { 'X-Test': 'yes' },
    });

    const { path, headers } = answer.body as { path: string; headers: Record<string, string> };
    expect(path).toBe('/api/crisp/hooks');
    expect(headers['x-test']).toBe('yes');
    const expected = crispSignatureOf('plugin-secret', headers['x-crisp-request-timestamp'], Buffer.from(text));
    expect(headers['x-crisp-signature']).toBe(expected.toString('hex'));
  });

  it('uses a server that already listens, and leaves it listening', async () => {
    await app.listen(0, '127.0.0.1');

    expect((await postCrispHook(app, crispEvent('message:send'))).status).toBe(201);
    expect((app.getHttpServer() as Server).listening).toBe(true);
  });

  it('returns a body that is not JSON as its text', async () => {
    const answer = await postCrispHook(app, crispEvent('message:send'), { path: '/plain' });

    expect(answer).toMatchObject({ status: 201, body: 'accepted' });
  });
});
