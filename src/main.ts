import { Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { crispAdminOptions, crispConfig } from './config/crisp.config';
import type { VisitorRepliesConfig } from './config/visitor-replies.config';
import { VISITOR_REPLIES_CONFIG } from './replies/visitor-replies.constants';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule);
  // Express hashes every response body into an ETag; no client of this API revalidates a POST answer.
  app.set('etag', false);
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3000);
  await app.listen(port);
  const { generatedKey, pluginSecret } = app.get<ConfigType<typeof crispConfig>>(crispConfig.KEY);
  const logger = new Logger('CrispWebhooksExample');
  if (generatedKey) {
    // The key is printed on purpose, once: it is this run's only key, and Crisp needs the full URL.
    logger.warn(
      `No CRISP_WEBHOOK_KEYS nor CRISP_WEBSITE_KEYS set: generated a key for this run. Paste this URL into Crisp:`,
    );
    logger.warn(`http://localhost:${port}/crisp/hooks?key=${generatedKey}`);
  } else {
    logger.log(`Receiving Crisp hooks on http://localhost:${port}/crisp/hooks?key=<one of CRISP_WEBHOOK_KEYS>`);
  }
  if (pluginSecret?.length) logger.log('Signed Plugin Hooks are accepted on the same URL (CRISP_PLUGIN_SECRET).');
  if (crispAdminOptions()) {
    logger.log(`Admin API on http://localhost:${port}/crisp/hooks/events (Authorization: Bearer <CRISP_ADMIN_TOKEN>).`);
    logger.log(`Admin page on http://localhost:${port}/crisp/hooks/admin (enter CRISP_ADMIN_TOKEN there).`);
  }
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
