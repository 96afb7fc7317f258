/*
 * A customer's app, as small as one can be, that the pack test copies into a fresh folder twice: once as a CommonJS
 * package and once as an ES module ("type": "module"). It is compiled there with tsc against the installed tarball's
 * own declarations and run on PostgreSQL. One file, no relative import, so the same text is valid in both.
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  CRISP_WEBHOOKS_MIGRATIONS,
  type CrispEvent,
  CrispWebhooksModule,
  type CrispWebhooksModuleOptions,
  OnCrispEvent,
} from 'nestjs-crisp-webhooks';
import { crispEvent, type CrispEventEnvelope } from 'nestjs-crisp-webhooks/testing';

const options: CrispWebhooksModuleOptions = { keys: [process.env.CRISP_KEY ?? ''] };

@Injectable()
class SupportHandlers {
  @OnCrispEvent('message:send')
  onVisitorMessage(event: CrispEvent<'message:send'>): void {
    const session: string = event.data.session_id;
    console.log(`HANDLED ${JSON.stringify({ id: event.id, session, content: event.data.content })}`);
  }

  // The package's types are live (not `any`): a handler declaring another event's type does not compile.
  // @ts-expect-error a 'message:send' handler cannot take a session event
  @OnCrispEvent('message:send')
  mistyped(event: CrispEvent<'session:set_email'>): void {
    void event;
  }
}

@Module({
  imports: [
    EventEmitterModule.forRoot(),
    TypeOrmModule.forRoot({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      autoLoadEntities: true,
      migrations: [...CRISP_WEBHOOKS_MIGRATIONS],
      migrationsRun: true,
    }),
    CrispWebhooksModule.forRoot(options),
  ],
  providers: [SupportHandlers],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  // The fixture builder of the testing entry point makes the hook the test posts.
  const sample: CrispEventEnvelope<'message:send'> = crispEvent('message:send', { data: { content: 'refund' } });
  console.log(`READY ${JSON.stringify({ url: await app.getUrl(), sample })}`);
}

void main();
