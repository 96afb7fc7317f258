import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CrispEvent, OnCrispEvent } from 'nestjs-crisp-webhooks';
import type { Repository } from 'typeorm';
import { isGreetPage, type VisitorRepliesConfig } from '../config/visitor-replies.config';
import { CrispGreetingEntity } from './crisp-greeting.entity';
import { VISITOR_REPLIES_CONFIG } from './visitor-replies.constants';
import { VisitorReplies } from './visitor-replies';

/** Acts back on Crisp (the seed's third scenario): greets visitors of chosen pages, thanks those who leave an email. */
@Injectable()
export class VisitorRepliesHandler {
  constructor(
    private readonly replies: VisitorReplies,
    @Inject(VISITOR_REPLIES_CONFIG) private readonly config: VisitorRepliesConfig,
    @InjectRepository(CrispGreetingEntity) private readonly greetings: Repository<CrispGreetingEntity>,
  ) {}

  /**
   * Greets a visitor who opens a greeting page, once per conversation: the first such event claims the
   * conversation, and only it (and its retries, which `CrispReplies` keeps to one message) greets.
   */
  @OnCrispEvent('session:sync:pages')
  async greet(event: CrispEvent<'session:sync:pages'>): Promise<void> {
    if (!event.data.pages.some((page) => isGreetPage(page.page_url, this.config.greetPages))) return;
    const [claim] = (await this.greetings.query(
      `INSERT INTO "crisp_greetings" ("website_id", "session_id", "event_id") VALUES ($1, $2, $3)
       ON CONFLICT ("website_id", "session_id") DO UPDATE SET "event_id" = "crisp_greetings"."event_id"
       RETURNING "event_id"::text AS "event_id"`,
      [event.data.website_id, event.data.session_id, event.id],
    )) as { event_id: string }[];
    if (claim.event_id !== event.id) return;
    await this.replies.send(event, this.config.greetMessage, 'greeting');
  }

  /** Thanks a visitor who left their email, once per `session:set_email` event. */
  @OnCrispEvent('session:set_email')
  async thank(event: CrispEvent<'session:set_email'>): Promise<void> {
    await this.replies.send(event, `Thanks, we will follow up at ${event.data.email}`, 'thanks');
  }
}
