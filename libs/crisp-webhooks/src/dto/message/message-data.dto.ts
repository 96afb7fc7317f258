import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';
import type { CrispMessageContent } from './message-content.dto';
import { IsCrispMessageContent } from './is-crisp-message-content.decorator';

/** The author of a message as Crisp describes it; every field may be missing. @publicApi */
export class CrispMessageUserDto {
  /** The author's kind, a plain string Crisp does not document further. */
  @IsOptional() @IsString() type?: string | null;
  /** Who wrote it: for a visitor their session id or email, for an operator their Crisp user id (a UUID). */
  @IsOptional() @IsString() user_id?: string | null;
  /** The author's display name. */
  @IsOptional() @IsString() nickname?: string | null;
  /** The author's avatar, a URL. */
  @IsOptional() @IsString() avatar?: string | null;
}

/** Fields that identify one message inside a conversation. @publicApi */
export class CrispMessageRefDataDto extends CrispSessionDataDto {
  /** Unique only within `session_id`; handlers key messages by it, so it must be an integer. */
  @IsInt()
  fingerprint!: number;
}

/**
 * A full message, as in `message:send` and `message:received`. `from`, `type` and `origin` are plain
 * strings, not enums: Crisp adds values (new origins, new message types) without notice.
 * @publicApi
 */
export class CrispMessageDataDto extends CrispMessageRefDataDto {
  /**
   * The message type, which decides the shape of `content`: `text`, `note`, `file`, `animation`, `audio`, `picker`,
   * `field`, `carousel`, `event`...
   */
  @IsString() type!: string;
  /** Who sent it: `user` for the visitor, `operator` for the website's side (operators, bots, plugins). */
  @IsString() from!: string;
  /** Where it came from: `chat`, `email`, or an integration's `urn:...`. */
  @IsString() origin!: string;
  /** A string for `text` and `note` messages, an object for the other types, validated by `type`. */
  @IsCrispMessageContent() content!: CrispMessageContent;
  /** When the message was sent, in ms since the epoch. */
  @IsNumber() timestamp!: number;

  /** The author, as Crisp describes it. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispMessageUserDto) user?: CrispMessageUserDto | null;
  /** The user ids of the operators the message mentions. */
  @IsOptional() @IsString({ each: true }) mentions?: string[] | null;
  /** A flag Crisp's types carry on messages without documenting it. */
  @IsOptional() @IsBoolean() stamped?: boolean | null;
  /** `true` when the message was automated (sent by a bot or an automation) rather than typed by a person. */
  @IsOptional() @IsBoolean() automated?: boolean | null;
}

/** Fields of the typing-indicator events (`message:compose:*`). @publicApi */
export class CrispMessageComposeDataDto extends CrispSessionDataDto {
  /** Handlers switch on it to show or hide a typing indicator; the Node and Go types agree on these two. */
  @IsIn(['start', 'stop']) type!: 'start' | 'stop';
  /** What is being typed, when the chatbox shares it. */
  @IsOptional() @IsString() excerpt?: string | null;
  /**
   * When typing started or stopped, as a number (Crisp's types give no unit; message timestamps are ms since the
   * epoch).
   */
  @IsNumber() timestamp!: number;
  /** Sent by the Go types only. */
  @IsOptional() @IsBoolean() automated?: boolean | null;
}

/** Fields of the read, unread, delivered and ignored receipts (`message:acknowledge:*`). @publicApi */
export class CrispMessageAcknowledgeDataDto extends CrispSessionDataDto {
  /** Which side or channel acknowledged (e.g. `chat`, `urn:...`): open-ended like a message's origin. */
  @IsString() origin!: string;
  /** The messages acknowledged; handlers match them to stored messages, so they must be integers. */
  @IsArray() @IsInt({ each: true }) fingerprints!: number[];
}

/** Why messages were ignored (`message:acknowledge:ignored`). @publicApi */
export class CrispMessageIgnoredDetailsDto {
  /** The kind of reason, a plain string Crisp does not document further. */
  @IsString() type!: string;
  /** Why the messages were ignored, as Crisp words it. */
  @IsString() reason!: string;
}
