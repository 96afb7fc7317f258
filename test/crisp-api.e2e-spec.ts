import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Crisp } from 'crisp-api';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CrispWebhookEventsAdmin, CrispWebhooksConfigurationError } from 'nestjs-crisp-webhooks';
import { CrispApiModule, crispApiFailure, CrispReplies, InjectCrispApi } from 'nestjs-crisp-webhooks/crisp-api';
import { FakeCrispApi } from './utils/fake-crisp-api';
import { startHostApp, type TestApp } from './utils/test-app';

const DIST = join(__dirname, '..', 'libs', 'crisp-webhooks', 'dist');

@Injectable()
class UsesClient {
  constructor(@InjectCrispApi() readonly crisp: Crisp) {}
}

describe('CrispApiModule in a host app', () => {
  const crisp = new FakeCrispApi();
  let t: TestApp;

  beforeAll(async () => {
    const restHost = await crisp.start();
    t = await startHostApp({
      imports: [
        CrispApiModule.forRootAsync({
          useFactory: async () => ({ identifier: 'website-id', key: 'website-key-33aa', tier: 'website', restHost }),
        }),
      ],
      providers: [UsesClient],
    });
  });
  afterAll(async () => {
    await t.close();
    await crisp.close();
  });

  it("injects crisp-api's own client, authenticated with the token and tier, calling the configured host", async () => {
    const { crisp: client } = t.app.get(UsesClient);
    expect(client).toBeInstanceOf(Crisp);
    const failure = await client.website.getMessageInConversation('w1', 's1', 7).catch((rejection: unknown) => {
      return crispApiFailure(rejection, 'read message 7');
    });
    expect(failure).toMatchObject({
      name: 'CrispNonRetryableError',
      cause: { status: 404, reason: 'message_not_found' },
    });
    expect(crisp.requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/v1/website/w1/conversation/s1/message/7',
        headers: expect.objectContaining({
          authorization: `Basic ${Buffer.from('website-id:website-key-33aa').toString('base64')}`,
          'x-crisp-tier': 'website',
        }),
      }),
    ]);
  });

  it('refuses a reply for an event no handler run was given, which could not be made once', async () => {
    const event = { id: '1', event: 'session:set_email', website_id: 'w1', data: { session_id: 's1' } };
    await expect(t.app.get(CrispReplies).reply(event, 'hello', { key: 'k' })).rejects.toThrow(
      /given an event no @OnCrispEvent handler run was given/,
    );
  });

  it("erases the reply records of an erased person's conversations", async () => {
    const insert = `INSERT INTO "crisp_api_replies" ("event_id", "handler", "key", "website_id", "session_id", "fingerprint", "status")
      VALUES ($1, 'H.m', 'k', 'w1', $2, 1, 'sent')`;
    await t.db.query(insert, [1, 'session_erased']);
    await t.db.query(insert, [2, 'session_kept']);
    await t.app.get(CrispWebhookEventsAdmin).erase({ sessionId: 'session_erased' });
    expect(await t.db.query(`SELECT "session_id" FROM "crisp_api_replies"`)).toEqual([{ session_id: 'session_kept' }]);
  });

  it('stops the app at start-up on a wrong option, naming it and never showing the key', async () => {
    const start = Test.createTestingModule({
      imports: [
        // Never connects: the options are checked before anything is done with them.
        TypeOrmModule.forRoot({ type: 'postgres', manualInitialization: true }),
        CrispApiModule.forRoot({ identifier: 'id', key: 'website-key-33aa', restHost: 'api.crisp.chat' }),
      ],
    }).compile();
    await expect(start).rejects.toThrow(CrispWebhooksConfigurationError);
    await expect(start).rejects.toThrow(/restHost must be the http\(s\) base URL/);
    await expect(start).rejects.not.toThrow(/website-key-33aa/);
  });
});

describe('crisp-api stays optional', () => {
  it('the root entry point never loads it; nestjs-crisp-webhooks/crisp-api does', () => {
    const loads = (entry: string) =>
      execFileSync(process.execPath, [
        '-e',
        `require(${JSON.stringify(entry)}); process.stdout.write(String(Object.keys(require.cache).some((file) => file.includes('/node_modules/crisp-api/'))))`,
      ]).toString();
    expect(loads('nestjs-crisp-webhooks')).toBe('false');
    expect(loads('nestjs-crisp-webhooks/testing')).toBe('false');
    expect(loads('nestjs-crisp-webhooks/crisp-api')).toBe('true');
  });

  it('no declaration file of the build imports it', () => {
    const declarations = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? declarations(join(dir, entry.name))
          : entry.name.endsWith('.d.ts')
            ? [join(dir, entry.name)]
            : [],
      );
    const importing = declarations(DIST).filter((file) => /["']crisp-api["']/.test(readFileSync(file, 'utf8')));
    expect(importing).toEqual([]);
  });
});
