import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CrispConsoleLogger } from 'nestjs-crisp-webhooks';
import { relative } from 'node:path';
import { AppModule } from './app.module';
import { crispAdminOptions, crispConfig } from './config/crisp.config';
import { DOCS_PATH, serveCrispDocs } from './docs';
import type { VisitorRepliesConfig } from './config/visitor-replies.config';
import { VISITOR_REPLIES_CONFIG } from './replies/visitor-replies.constants';

/**
 * In development every level is shown, the line of each hook as it arrives included (the module logs
 * it at `debug`); in production `debug` and `verbose` are left out. `LOG_FORMAT=json` writes JSON lines, for a
 * log store, and those a handler writes carry the id of the event it runs on (`crispEventId`): the tracking of
 * handler runs that it takes costs each delivery about 8 % more CPU on Node 20, worth it where lines are
 * searched by field, not on a terminal read in order.
 */
function loggerOf(env: NodeJS.ProcessEnv): ConsoleLogger {
  const production = env.NODE_ENV === 'production';
  const logLevels: LogLevel[] = production
    ? ['log', 'warn', 'error', 'fatal']
    : ['log', 'warn', 'error', 'fatal', 'debug', 'verbose'];
  return env.LOG_FORMAT === 'json'
    ? new CrispConsoleLogger({ json: true, logLevels })
    : new ConsoleLogger({ logLevels });
}

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: loggerOf(process.env) });
  // Express hashes every response body into an ETag; no client of this API revalidates a POST answer.
  app.set('etag', false);
  app.enableShutdownHooks();
  serveCrispDocs(app);
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  const { generated, pluginSecret } = app.get<ConfigType<typeof crispConfig>>(crispConfig.KEY);
  const logger = new Logger('CrispWebhooksExample');
  if (generated) {
    const where = generated.file
      ? `kept in ${relative(process.cwd(), generated.file) || generated.file} (delete the file for a new one)`
      : 'for this run only (the embedded database is in memory)';
    // The key is printed on purpose: it is this app's only key, and Crisp needs the full URL.
    logger.warn(`No CRISP_WEBHOOK_KEYS nor CRISP_WEBSITE_KEYS set: using a generated key, ${where}.`);
    logger.warn('To choose your own, set CRISP_WEBHOOK_KEYS=<a long random string>. Paste this URL into Crisp:');
    logger.warn(`http://localhost:${port}/crisp/hooks?key=${generated.key}`);
  } else {
    logger.log(`Receiving Crisp hooks on http://localhost:${port}/crisp/hooks?key=<one of CRISP_WEBHOOK_KEYS>`);
  }
  if (pluginSecret?.length) logger.log('Signed Plugin Hooks are accepted on the same URL (CRISP_PLUGIN_SECRET).');
  logger.log(`OpenAPI: http://localhost:${port}/${DOCS_PATH} (the document at /${DOCS_PATH}-json).`);
  if (crispAdminOptions()) {
    logger.log(`Admin API on http://localhost:${port}/crisp/hooks/events (Authorization: Bearer <CRISP_ADMIN_TOKEN>).`);
    logger.log(`Admin page on http://localhost:${port}/crisp/hooks/admin (enter CRISP_ADMIN_TOKEN there).`);
  }
  logger.log(`Health on http://localhost:${port}/health, metrics on http://localhost:${port}/metrics`);
  const replies = app.get<VisitorRepliesConfig>(VISITOR_REPLIES_CONFIG);
  if (replies.api) {
    logger.log(
      `Replies to visitors are on (${replies.api.restHost ?? 'https://api.crisp.chat'}): greeting visitors of ` +
        `${replies.greetPages.join(', ')} once per conversation, thanking those who leave an email.`,
    );
  } else {
    logger.warn(
      'Replies to visitors are off: each one is logged instead of sent. To send them, set CRISP_API_IDENTIFIER ' +
        'and CRISP_API_KEY to a Crisp plugin token (README: "Replying to visitors").',
    );
  }
}

void bootstrap();
