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
  @IsOptional() @IsString() type?: string | null;
  @IsOptional() @IsString() user_id?: string | null;
  @IsOptional() @IsString() nickname?: string | null;
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
  @IsString() type!: string;
  @IsString() from!: string;
  @IsString() origin!: string;
  @IsCrispMessageContent() content!: CrispMessageContent;
  @IsNumber() timestamp!: number;

  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispMessageUserDto) user?: CrispMessageUserDto | null;
  @IsOptional() @IsString({ each: true }) mentions?: string[] | null;
  @IsOptional() @IsBoolean() stamped?: boolean | null;
  @IsOptional() @IsBoolean() automated?: boolean | null;
}

/** Fields of the typing-indicator events (`message:compose:*`). @publicApi */
export class CrispMessageComposeDataDto extends CrispSessionDataDto {
  /** Handlers switch on it to show or hide a typing indicator; the Node and Go types agree on these two. */
  @IsIn(['start', 'stop']) type!: 'start' | 'stop';
  /** What is being typed, when the chatbox shares it. */
  @IsOptional() @IsString() excerpt?: string | null;
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
  @IsString() type!: string;
  @IsString() reason!: string;
}
