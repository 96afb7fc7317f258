import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';
import {
  CrispGeolocationDto,
  CrispSessionEventDto,
  CrispSessionLocalesDto,
  CrispSessionNetworkDto,
  CrispSessionOperatorDto,
  CrispSessionPageDto,
  CrispSessionParticipantDto,
  CrispSessionRatingDto,
  CrispSessionSystemDto,
  CrispSessionTimezoneDto,
  CrispSessionVerificationDto,
} from './session-data.dto';

/** `session:update_availability`: the visitor went online or offline. @publicApi */
export class SessionUpdateAvailabilityDto extends CrispSessionDataDto {
  /** `'online'` or `'offline'` today; a plain string because Crisp's availabilities elsewhere also know `'away'`. */
  @IsString()
  availability!: string;
}

/** `session:update_verify`: the visitor's identity verification changed. @publicApi */
export class SessionUpdateVerifyDto extends CrispSessionDataDto {
  @IsBoolean()
  is_verified!: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispSessionVerificationDto)
  verifications!: CrispSessionVerificationDto[];

  @IsOptional() @IsArray() @IsString({ each: true }) routing_ids?: string[] | null;
  /** `'unknown'` in the Node types when verification failed. */
  @IsOptional() @IsString() error?: string | null;
}

/** `session:request:initiated`: the visitor started a new conversation. @publicApi */
export class SessionRequestInitiatedDto extends CrispSessionDataDto {}

/**
 * `session:set_email`: the visitor gave an email in the chatbox. Not checked as an email address:
 * Crisp stores what the visitor typed, and a lead is better kept than refused.
 * @publicApi
 */
export class SessionSetEmailDto extends CrispSessionDataDto {
  @IsString()
  email!: string;
}

/** `session:set_phone`: the visitor's phone number was set; kept as typed, not checked as a number. @publicApi */
export class SessionSetPhoneDto extends CrispSessionDataDto {
  @IsString()
  phone!: string;
}

/** `session:set_address`: the visitor's postal address was set. @publicApi */
export class SessionSetAddressDto extends CrispSessionDataDto {
  @IsString()
  address!: string;
}

/** `session:set_subject`: the conversation's subject was set. @publicApi */
export class SessionSetSubjectDto extends CrispSessionDataDto {
  @IsString()
  subject!: string;
}

/** `session:set_avatar`: the visitor's avatar was set; the URL is passed through, not checked. @publicApi */
export class SessionSetAvatarDto extends CrispSessionDataDto {
  @IsString()
  avatar!: string;
}

/** `session:set_nickname`: the visitor's nickname was set. @publicApi */
export class SessionSetNicknameDto extends CrispSessionDataDto {
  @IsString()
  nickname!: string;
}

/** `session:set_origin`: the conversation's origin (chat, email, an integration's URN) was set. @publicApi */
export class SessionSetOriginDto extends CrispSessionDataDto {
  /** Not an enum: every integration brings its own origin. */
  @IsString()
  origin!: string;
}

/** `session:set_data`: the conversation's custom data was set. @publicApi */
export class SessionSetDataDto extends CrispSessionDataDto {
  /** Keys and values are the website's own; only the object itself is checked. */
  @IsObject()
  data!: Record<string, string | number | boolean>;
}

/** `session:sync:pages`: the pages the visitor browsed were synced. @publicApi */
export class SessionSyncPagesDto extends CrispSessionDataDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispSessionPageDto)
  pages!: CrispSessionPageDto[];
}

/** `session:sync:events`: custom events the website pushed on the conversation were synced. @publicApi */
export class SessionSyncEventsDto extends CrispSessionDataDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispSessionEventDto)
  events!: CrispSessionEventDto[];
}

/** `session:sync:capabilities`: what the visitor's chatbox can do (browsing, calls...) was synced. @publicApi */
export class SessionSyncCapabilitiesDto extends CrispSessionDataDto {
  /** The Node types say `string[]`, the Go ones `{ capabilities?: string[] }`: only presence is checked. */
  @IsDefined()
  capabilities!: string[] | { capabilities?: string[] };
}

/** `session:sync:geolocation`: the visitor's location was synced. @publicApi */
export class SessionSyncGeolocationDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispGeolocationDto)
  geolocation!: CrispGeolocationDto;
}

/** `session:sync:system`: the visitor's OS, engine and browser were synced. @publicApi */
export class SessionSyncSystemDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionSystemDto)
  system!: CrispSessionSystemDto;
}

/** `session:sync:network`: the visitor's IP and provider were synced. @publicApi */
export class SessionSyncNetworkDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionNetworkDto)
  network!: CrispSessionNetworkDto;
}

/** `session:sync:timezone`: the visitor's time zone was synced. @publicApi */
export class SessionSyncTimezoneDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionTimezoneDto)
  timezone!: CrispSessionTimezoneDto;
}

/** `session:sync:locales`: the visitor's languages were synced. @publicApi */
export class SessionSyncLocalesDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionLocalesDto)
  locales!: CrispSessionLocalesDto;
}

/** `session:sync:rating`: the visitor rated the conversation. @publicApi */
export class SessionSyncRatingDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionRatingDto)
  rating!: CrispSessionRatingDto;
}

/** `session:sync:topic`: the conversation's topic was synced. @publicApi */
export class SessionSyncTopicDto extends CrispSessionDataDto {
  @IsString()
  topic!: string;
}

/** `session:set_state`: the conversation became pending, unresolved or resolved. @publicApi */
export class SessionSetStateDto extends CrispSessionDataDto {
  @IsIn(['pending', 'unresolved', 'resolved'])
  state!: 'pending' | 'unresolved' | 'resolved';
}

/** `session:set_block`: the visitor was blocked or unblocked. @publicApi */
export class SessionSetBlockDto extends CrispSessionDataDto {
  @IsBoolean()
  is_blocked!: boolean;
}

/** `session:set_segments`: the conversation's segments (tags) were set. @publicApi */
export class SessionSetSegmentsDto extends CrispSessionDataDto {
  @IsArray()
  @IsString({ each: true })
  segments!: string[];
}

/** `session:set_opened`: an operator opened the conversation. @publicApi */
export class SessionSetOpenedDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionOperatorDto)
  operator!: CrispSessionOperatorDto;
}

/** `session:set_closed`: an operator closed the conversation. @publicApi */
export class SessionSetClosedDto extends CrispSessionDataDto {
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionOperatorDto)
  operator!: CrispSessionOperatorDto;
}

/** `session:set_participants`: the conversation's external participants were set. @publicApi */
export class SessionSetParticipantsDto extends CrispSessionDataDto {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispSessionParticipantDto)
  participants!: CrispSessionParticipantDto[];
}

/** `session:set_mentions`: the operators mentioned in the conversation were set. @publicApi */
export class SessionSetMentionsDto extends CrispSessionDataDto {
  @IsArray()
  @IsString({ each: true })
  mentions!: string[];
}

/** `session:set_routing`: the conversation was routed (assigned) to an operator, or unassigned. @publicApi */
export class SessionSetRoutingDto extends CrispSessionDataDto {
  /** `null` when the conversation is unassigned. */
  @IsOptional() @IsString() routing_id?: string | null;
  /** Sent by the Node types only. */
  @IsOptional() @IsString() previous_routing_id?: string | null;
}

/**
 * `session:set_inbox`: the conversation moved to another inbox. The new `inbox_id` has been seen
 * arriving empty (September 2025), which the inherited optional `inbox_id` accepts.
 * @publicApi
 */
export class SessionSetInboxDto extends CrispSessionDataDto {
  @IsOptional() @IsString() previous_inbox_id?: string | null;
}

/** `session:removed`: the conversation was deleted. @publicApi */
export class SessionRemovedDto extends CrispSessionDataDto {}

/** `session:error`: Crisp reported an error on the conversation, about one of its fields. @publicApi */
export class SessionErrorDto extends CrispSessionDataDto {
  /** Which field failed; not an enum, Crisp documents no list. */
  @IsString() type!: string;
  @IsString() value!: string;
  @IsOptional() @IsString() previous_value?: string | null;
}
