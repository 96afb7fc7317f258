/**
 * A message as `CrispReplies` sends it: `crisp-api`'s `ConversationMessageNew`, as far as replies use it.
 * @publicApi
 */
export interface CrispReplyBody {
  /** Crisp's message type (`text`, `note`, `picker`...): `content`'s shape follows it. */
  readonly type: string;
  /** Always `operator`: a reply speaks for the website, not for the visitor. */
  readonly from: 'operator';
  /** Always `chat`: the reply is a chat message of the conversation. */
  readonly origin: 'chat';
  /** A string for `text` and `note`, an object for the other types, as Crisp's REST API takes it. */
  readonly content: unknown;
  /**
   * Derived from the event, the handler and the key: the same on every run, so a retried run can find a reply already
   * sent.
   */
  readonly fingerprint: number;
  /** Who the reply shows as sent by; absent, the token's plugin or operator. */
  readonly user?: CrispReplyUser;
}

/** Who the reply shows as sent by, instead of the token's plugin or operator. @publicApi */
export interface CrispReplyUser {
  /** The name shown as the sender. */
  readonly nickname?: string;
  /** The picture shown for the sender, a URL. */
  readonly avatar?: string;
}

/**
 * The part of `crisp-api`'s `Crisp` client `CrispReplies` calls, in the package's own words: its
 * declarations never import `crisp-api`, an optional dependency. `@InjectCrispApi()` gives the whole client.
 * @publicApi
 */
export interface CrispConversationsClient {
  /** `crisp-api`'s `website` resource, reduced to the two calls replies make. */
  readonly website: {
    sendMessageInConversation(websiteId: string, sessionId: string, message: CrispReplyBody): Promise<unknown>;
    getMessageInConversation(websiteId: string, sessionId: string, fingerprint: number): Promise<unknown>;
  };
}
