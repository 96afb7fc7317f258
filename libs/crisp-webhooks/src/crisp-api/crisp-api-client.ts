/**
 * A message as `CrispReplies` sends it: `crisp-api`'s `ConversationMessageNew`, as far as replies use it.
 * @publicApi
 */
export interface CrispReplyBody {
  readonly type: string;
  readonly from: 'operator';
  readonly origin: 'chat';
  readonly content: unknown;
  readonly fingerprint: number;
  readonly user?: CrispReplyUser;
}

/** Who the reply shows as sent by, instead of the token's plugin or operator. @publicApi */
export interface CrispReplyUser {
  readonly nickname?: string;
  readonly avatar?: string;
}

/**
 * The part of `crisp-api`'s `Crisp` client `CrispReplies` calls, in the package's own words: its
 * declarations never import `crisp-api`, an optional dependency. `@InjectCrispApi()` gives the whole client.
 * @publicApi
 */
export interface CrispConversationsClient {
  readonly website: {
    sendMessageInConversation(websiteId: string, sessionId: string, message: CrispReplyBody): Promise<unknown>;
    getMessageInConversation(websiteId: string, sessionId: string, fingerprint: number): Promise<unknown>;
  };
}
