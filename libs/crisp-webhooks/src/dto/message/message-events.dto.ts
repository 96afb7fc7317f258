import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';
import {
  CrispMessageAcknowledgeDataDto,
  CrispMessageComposeDataDto,
  CrispMessageDataDto,
  CrispMessageIgnoredDetailsDto,
  CrispMessageRefDataDto,
  CrispMessageUserDto,
} from './message-data.dto';

/** `message:updated`: a message's content changed (an edit, a picker choice). @publicApi */
export class MessageUpdatedDto extends CrispMessageRefDataDto {
  /** A string or an object depending on the message; `type` is not sent, so only presence is checked. */
  @IsDefined()
  content!: unknown;
}

/** `message:send`: a visitor sent a message. @publicApi */
export class MessageSendDto extends CrispMessageDataDto {}

/** `message:received`: an operator (or a bot, a plugin) sent a message. @publicApi */
export class MessageReceivedDto extends CrispMessageDataDto {}

/** `message:removed`: a message was deleted. @publicApi */
export class MessageRemovedDto extends CrispMessageRefDataDto {}

/** `message:compose:send`: the visitor started or stopped typing. @publicApi */
export class MessageComposeSendDto extends CrispMessageComposeDataDto {}

/** `message:compose:receive`: an operator started or stopped typing. @publicApi */
export class MessageComposeReceiveDto extends CrispMessageComposeDataDto {
  /** The operator typing; each of its fields may be missing, as in a message's `user`. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispMessageUserDto)
  user!: CrispMessageUserDto;
}

/** `message:acknowledge:read:send`: the visitor read messages. @publicApi */
export class MessageAcknowledgeReadSendDto extends CrispMessageAcknowledgeDataDto {}

/** `message:acknowledge:read:received`: an operator read messages. @publicApi */
export class MessageAcknowledgeReadReceivedDto extends CrispMessageAcknowledgeDataDto {}

/** `message:acknowledge:unread:send`: messages were marked unread. @publicApi */
export class MessageAcknowledgeUnreadSendDto extends CrispMessageAcknowledgeDataDto {}

/** `message:acknowledge:delivered`: messages were delivered to their recipient. @publicApi */
export class MessageAcknowledgeDeliveredDto extends CrispMessageAcknowledgeDataDto {}

/** `message:acknowledge:ignored`: messages were ignored (not delivered) by a channel. @publicApi */
export class MessageAcknowledgeIgnoredDto extends CrispMessageAcknowledgeDataDto {
  /** Why the messages were ignored, when Crisp says. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispMessageIgnoredDetailsDto)
  details?: CrispMessageIgnoredDetailsDto | null;
}

/** `message:notify:unread:send`: the visitor was notified of unread messages. @publicApi */
export class MessageNotifyUnreadSendDto extends CrispSessionDataDto {}

/** `message:notify:unread:received`: an operator was notified of unread messages. @publicApi */
export class MessageNotifyUnreadReceivedDto extends CrispSessionDataDto {}
