import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CRISP_API_DATA_SOURCE } from './crisp-api.constants';
import { crispApiFailure, toCrispApiError } from './crisp-api.error';
import type { CrispConversationsClient, CrispReplyBody, CrispReplyUser } from './crisp-api-client';
import { CRISP_API_REPLIES_TABLE } from './crisp-api-reply.entity';
import { ERASE_CRISP_API_REPLIES_SQL } from './crisp-api-replies.erasure';
import { crispReplyFingerprint } from './crisp-reply-fingerprint';
import { InjectCrispApi } from './inject-crisp-api.decorator';
import {
  BAD_REPLY_KEY,
  REPLY_FOUND_BY_FINGERPRINT,
  REPLY_OUTSIDE_HANDLER,
  REPLY_WITHOUT_SESSION,
} from '../crisp-webhooks.messages';
import type { CrispErasure } from '../admin/crisp-erasure';
import { OnCrispErasure } from '../decorators/on-crisp-erasure.decorator';
import { crispHandlerRunOf } from '../delivery/crisp-handler-run';
import { CrispNonRetryableError } from '../errors/crisp-non-retryable.error';

/** The event a reply answers: any stored Crisp event of a conversation (its `data` has a `session_id`). @publicApi */
export interface CrispConversationEvent {
  /** The stored event's id (a handler's `event.id`): a reply is made once per event, handler and key. */
  readonly id: string;
  /** The event's name, quoted in the error when its `data` has no `session_id`. */
  readonly event: string;
  /** The Crisp website the conversation is in. */
  readonly website_id: string;
  /** The event's data; only its `session_id`, the conversation replied into, is read. */
  readonly data: { readonly session_id?: string };
}

/** A message other than plain text, e.g. `{ type: 'note', content: '…' }` or a `picker`. @publicApi */
export interface CrispReplyMessage {
  /** Crisp's message type: `text`, `note`, `file`, `picker`, …; `content`'s shape follows it. */
  readonly type: string;
  /** A string for `text` and `note`, an object for the other types, as Crisp's REST API takes it. */
  readonly content: unknown;
  /** Who the reply shows as sent by; absent, the token's plugin or operator. */
  readonly user?: CrispReplyUser;
}

/** How `reply()` tells this reply from the handler's others, so that it is sent once. @publicApi */
export interface CrispReplyOptions {
  /**
   * Names this reply among the replies of one handler to one event (e.g. `'greeting'`): with the event's id
   * and the handler, it is what makes the reply happen once. Keep it stable across runs.
   */
  readonly key: string;
}

/** What `reply()` did. @publicApi */
export interface CrispReplyResult {
  /** The message's fingerprint in the conversation (the same on every run). */
  readonly fingerprint: number;
  /** `true` when an earlier run had already sent it, so nothing was sent now. */
  readonly duplicate: boolean;
}

/** `INSERT` the reply as being sent, or count one more attempt at it, and say where it stands. */
const CLAIM_SQL = `
  INSERT INTO "${CRISP_API_REPLIES_TABLE}"
    ("event_id", "handler", "key", "website_id", "session_id", "fingerprint", "status")
  VALUES ($1, $2, $3, $4, $5, $6, 'sending')
  ON CONFLICT ("event_id", "handler", "key") DO UPDATE SET "attempts" = "${CRISP_API_REPLIES_TABLE}"."attempts" + 1
  RETURNING "status", "attempts"`;

const SENT_SQL = `
  UPDATE "${CRISP_API_REPLIES_TABLE}" SET "status" = 'sent', "sent_at" = now()
  WHERE "event_id" = $1 AND "handler" = $2 AND "key" = $3`;

/**
 * Replies to visitors from `@OnCrispEvent` handlers, once per event, handler and key however often the
 * handler runs (see the README, "Replies that happen once"):
 *
 * 1. the reply is recorded as `sending`, with a fingerprint derived from (event, handler, key);
 * 2. on a later run, a reply already `sent` is not sent again; one still `sending` (a run died or failed
 *    around the call) is first looked up in the conversation by its fingerprint;
 * 3. it is sent with that fingerprint, then recorded `sent`.
 *
 * Crisp's 400/401/403/404 throw a `CrispNonRetryableError` (the handler gives up on this event at once);
 * 429, 5xx and network errors throw a `CrispApiError`, which the worker retries with its backoff.
 *
 * @publicApi
 */
@Injectable()
export class CrispReplies {
  private readonly logger = new Logger('CrispApi');

  constructor(
    @InjectCrispApi() private readonly crisp: CrispConversationsClient,
    @Inject(CRISP_API_DATA_SOURCE) private readonly db: DataSource,
  ) {}

  /**
   * Sends `message` (text, or a `CrispReplyMessage`) into the conversation of `event` as an operator
   * message, unless this handler's run on this event already did with this `key`.
   *
   * @example
   * await this.replies.reply(event, `Thanks, we will follow up at ${event.data.email}`, { key: 'thanks' });
   */
  async reply(
    event: CrispConversationEvent,
    message: string | CrispReplyMessage,
    options: CrispReplyOptions,
  ): Promise<CrispReplyResult> {
    const run = crispHandlerRunOf(event);
    if (!run) throw new Error(REPLY_OUTSIDE_HANDLER());
    const { key } = options;
    if (typeof key !== 'string' || key === '') throw new CrispNonRetryableError(BAD_REPLY_KEY());
    const sessionId = event.data.session_id;
    if (!sessionId) throw new CrispNonRetryableError(REPLY_WITHOUT_SESSION(event.id, event.event));
    const websiteId = event.website_id;
    const fingerprint = crispReplyFingerprint(run.eventId, run.handler, key);
    const { type, content, user } = typeof message === 'string' ? { type: 'text', content: message } : message;
    const body: CrispReplyBody = {
      type,
      from: 'operator',
      origin: 'chat',
      content,
      fingerprint,
      ...(user && { user }),
    };
    const record = [run.eventId, run.handler, key] as const;

    const [claim] = (await this.db.query(CLAIM_SQL, [...record, websiteId, sessionId, fingerprint])) as {
      status: string;
      attempts: number;
    }[];
    if (claim.status === 'sent') return { fingerprint, duplicate: true };
    if (claim.attempts > 1 && (await this.inConversation(websiteId, sessionId, fingerprint))) {
      await this.db.query(SENT_SQL, [...record]);
      this.logger.log(REPLY_FOUND_BY_FINGERPRINT(run.handler, run.eventId, fingerprint));
      return { fingerprint, duplicate: true };
    }
    try {
      await this.crisp.website.sendMessageInConversation(websiteId, sessionId, body);
    } catch (rejection) {
      throw crispApiFailure(rejection, `send a message into conversation ${sessionId}`);
    }
    await this.db.query(SENT_SQL, [...record]);
    return { fingerprint, duplicate: false };
  }

  /** An erased person's conversations keep no trace here either (their events, which the records name, go too). */
  @OnCrispErasure()
  async erase({ sessionIds }: CrispErasure): Promise<void> {
    await this.db.query(ERASE_CRISP_API_REPLIES_SQL, [sessionIds]);
  }

  /** Whether the conversation holds a message of this fingerprint (Crisp answers 404 when not). */
  private async inConversation(websiteId: string, sessionId: string, fingerprint: number): Promise<boolean> {
    try {
      await this.crisp.website.getMessageInConversation(websiteId, sessionId, fingerprint);
      return true;
    } catch (rejection) {
      const action = `look for message ${fingerprint} in conversation ${sessionId}`;
      if (toCrispApiError(rejection, action).status === 404) return false;
      throw crispApiFailure(rejection, action);
    }
  }
}
