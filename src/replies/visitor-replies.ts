import { Injectable, Logger } from '@nestjs/common';
import { type CrispConversationEvent, CrispReplies } from 'nestjs-crisp-webhooks/crisp-api';

/** How the app's handlers answer a visitor: through Crisp when a token is configured, else into the log. */
export abstract class VisitorReplies {
  /** Sends `text` into the conversation of `event`, once for this handler, event and `key`. */
  abstract send(event: CrispConversationEvent, text: string, key: string): Promise<void>;
}

/** Replies through Crisp's REST API, once whatever the retries (`CrispReplies`). */
@Injectable()
export class CrispVisitorReplies extends VisitorReplies {
  constructor(private readonly replies: CrispReplies) {
    super();
  }

  async send(event: CrispConversationEvent, text: string, key: string): Promise<void> {
    await this.replies.reply(event, text, { key });
  }
}

/**
 * Without a Crisp token: says what would have been sent. A handler logs before it returns, so a retry (which
 * only runs handlers that failed) never logs the same reply again.
 */
@Injectable()
export class LoggedVisitorReplies extends VisitorReplies {
  private readonly logger = new Logger('VisitorReplies');

  async send({ website_id, data }: CrispConversationEvent, text: string, key: string): Promise<void> {
    this.logger.log(
      `Replies are off: would have sent ${key} to conversation ${data.session_id} of website ${website_id}: ${JSON.stringify(text)}`,
    );
  }
}
