/**
 * The framework's floor, measured beside the project: an empty NestJS-on-Express POST handler with
 * Nest's default JSON body parser, no validation and no database (ETags off, as in the example app).
 * No Nest controller can answer faster on this machine, so its ratio to the baseline bounds the project's.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

@Controller('crisp/hooks')
class EmptyHookController {
  @Post()
  @HttpCode(200)
  receive(@Body() _body: unknown): { ok: true } {
    return { ok: true };
  }
}

@Module({ controllers: [EmptyHookController] })
class EmptyHookModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(EmptyHookModule, { logger: false });
  app.set('etag', false);
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('empty Nest app listening\n');
}

void main();
