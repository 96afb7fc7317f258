import { type INestApplication, Injectable, Logger as NestLogger } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  CRISP_WEBHOOKS_MIGRATIONS,
  type CrispEvent,
  crispLogFields,
  crispRequestSerializer,
  CrispWebhooksModule,
  OnCrispEvent,
  trackCrispHandlerRuns,
} from 'nestjs-crisp-webhooks';
import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { Logger, LoggerModule } from 'nestjs-pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { TEST_KEY } from './utils/test-app';
import { createTestDatabase, type TestDatabase } from './utils/test-database';
import { waitFor } from './utils/wait-for';

/** One JSON object per line, as pino writes them. */
interface PinoLine {
  level: number;
  msg: string;
  context?: string;
  req?: { url: string; query: Record<string, unknown>; headers: Record<string, string> };
  res?: { statusCode: number };
  crispEventId?: string;
  crispHandler?: string;
  crispAttempt?: number;
}

/** A handler logging the way a host's handlers do, through Nest's `Logger`, with no event id in its line. */
@Injectable()
class Greeter {
  private readonly logger = new NestLogger('Greeter');

  @OnCrispEvent('message:send')
  onMessage(event: CrispEvent<'message:send'>): void {
    this.logger.log(`greeting website ${event.website_id}`);
  }
}

describe('Logs through nestjs-pino and pino-http, with crispRequestSerializer', () => {
  let database: TestDatabase;
  let app: INestApplication;
  const output: string[] = [];
  const lines = () => output.map((line) => JSON.parse(line) as PinoLine);

  beforeAll(async () => {
    // What crispLogFields reads: with nestjs-pino, the app turns it on before it starts.
    trackCrispHandlerRuns();
    database = await createTestDatabase();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output.push(
          ...chunk
            .toString()
            .split('\n')
            .filter((line) => line.length > 0),
        );
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [{ level: 'debug', mixin: crispLogFields, serializers: { req: crispRequestSerializer } }, stream],
        }),
        EventEmitterModule.forRoot(),
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: database.url,
          autoLoadEntities: true,
          migrations: CRISP_WEBHOOKS_MIGRATIONS,
          migrationsRun: true,
        }),
        CrispWebhooksModule.forRoot({ keys: [TEST_KEY] }),
      ],
      providers: [Greeter],
    }).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('writes JSON lines: the request with its key redacted, and the one line of the delivery', async () => {
    const hook = crispEvent('message:send', { data: { content: 'a private message 91c4' } });
    const response = await request(app.getHttpServer())
      .post(`/crisp/hooks?key=${TEST_KEY}&source=crisp`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(hook))
      .expect(200);
    const delivery = await waitFor(async () => lines().find((line) => line.msg.startsWith('Crisp hook ')));
    expect(delivery).toMatchObject({
      level: 20,
      context: 'CrispWebhooks',
      msg: expect.stringMatching(
        new RegExp(
          `^Crisp hook message:send website=${hook.website_id} id=${response.body.id} outcome=stored status=200 ms=`,
        ),
      ),
    });
    const completed = await waitFor(async () => lines().find((line) => line.msg === 'request completed'));
    expect(completed.req).toMatchObject({
      url: '/crisp/hooks?key=REDACTED&source=crisp',
      query: { key: 'REDACTED', source: 'crisp' },
    });
    expect(completed.res).toMatchObject({ statusCode: 200 });
    // The handler's own line carries the event it ran on (crispLogFields as pino's mixin); the module's do not.
    const greeting = await waitFor(async () => lines().find((line) => line.msg.startsWith('greeting website')));
    expect(greeting).toMatchObject({
      context: 'Greeter',
      crispEventId: response.body.id,
      crispHandler: 'Greeter.onMessage',
      crispAttempt: 1,
    });
    expect(delivery).not.toHaveProperty('crispEventId');
    const all = output.join('\n');
    expect(all).not.toContain(TEST_KEY);
    expect(all).not.toContain('a private message 91c4');
  });
});
