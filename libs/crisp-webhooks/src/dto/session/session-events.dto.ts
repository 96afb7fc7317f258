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
  /** Whether the visitor's identity is now verified. */
  @IsBoolean()
  is_verified!: boolean;

  /** The verifications that apply, each naming the identity checked and how. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispSessionVerificationDto)
  verifications!: CrispSessionVerificationDto[];

  /** A list of routing ids, which Crisp's types carry without documenting them further. */
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
  /** The email address the visitor gave. */
  @IsString()
  email!: string;
}

/** `session:set_phone`: the visitor's phone number was set; kept as typed, not checked as a number. @publicApi */
export class SessionSetPhoneDto extends CrispSessionDataDto {
  /** The phone number, as typed. */
  @IsString()
  phone!: string;
}

/** `session:set_address`: the visitor's postal address was set. @publicApi */
export class SessionSetAddressDto extends CrispSessionDataDto {
  /** The postal address, as typed. */
  @IsString()
  address!: string;
}

/** `session:set_subject`: the conversation's subject was set. @publicApi */
export class SessionSetSubjectDto extends CrispSessionDataDto {
  /** The conversation's new subject. */
  @IsString()
  subject!: string;
}

/** `session:set_avatar`: the visitor's avatar was set; the URL is passed through, not checked. @publicApi */
export class SessionSetAvatarDto extends CrispSessionDataDto {
  /** The avatar's URL. */
  @IsString()
  avatar!: string;
}

/** `session:set_nickname`: the visitor's nickname was set. @publicApi */
export class SessionSetNicknameDto extends CrispSessionDataDto {
  /** The visitor's new display name. */
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
  /** The pages browsed, each with its URL, title and time. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispSessionPageDto)
  pages!: CrispSessionPageDto[];
}

/** `session:sync:events`: custom events the website pushed on the conversation were synced. @publicApi */
export class SessionSyncEventsDto extends CrispSessionDataDto {
  /** The events pushed, each with its name, data, colour and time. */
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
  /** Where the visitor is, as far as Crisp could tell. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispGeolocationDto)
  geolocation!: CrispGeolocationDto;
}

/** `session:sync:system`: the visitor's OS, engine and browser were synced. @publicApi */
export class SessionSyncSystemDto extends CrispSessionDataDto {
  /** The visitor's OS, browser engine and browser. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionSystemDto)
  system!: CrispSessionSystemDto;
}

/** `session:sync:network`: the visitor's IP and provider were synced. @publicApi */
export class SessionSyncNetworkDto extends CrispSessionDataDto {
  /** The visitor's IP address and internet provider. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionNetworkDto)
  network!: CrispSessionNetworkDto;
}

/** `session:sync:timezone`: the visitor's time zone was synced. @publicApi */
export class SessionSyncTimezoneDto extends CrispSessionDataDto {
  /** The visitor's time zone. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionTimezoneDto)
  timezone!: CrispSessionTimezoneDto;
}

/** `session:sync:locales`: the visitor's languages were synced. @publicApi */
export class SessionSyncLocalesDto extends CrispSessionDataDto {
  /** The visitor's browser languages. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionLocalesDto)
  locales!: CrispSessionLocalesDto;
}

/** `session:sync:rating`: the visitor rated the conversation. @publicApi */
export class SessionSyncRatingDto extends CrispSessionDataDto {
  /** The stars given and the visitor's comment. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionRatingDto)
  rating!: CrispSessionRatingDto;
}

/** `session:sync:topic`: the conversation's topic was synced. @publicApi */
export class SessionSyncTopicDto extends CrispSessionDataDto {
  /** The conversation's topic, as Crisp sends it. */
  @IsString()
  topic!: string;
}

/** `session:set_state`: the conversation became pending, unresolved or resolved. @publicApi */
export class SessionSetStateDto extends CrispSessionDataDto {
  /** `pending` (not answered yet), `unresolved` (open) or `resolved`. */
  @IsIn(['pending', 'unresolved', 'resolved'])
  state!: 'pending' | 'unresolved' | 'resolved';
}

/** `session:set_block`: the visitor was blocked or unblocked. @publicApi */
export class SessionSetBlockDto extends CrispSessionDataDto {
  /** `true` when the visitor was blocked, `false` when unblocked. */
  @IsBoolean()
  is_blocked!: boolean;
}

/** `session:set_segments`: the conversation's segments (tags) were set. @publicApi */
export class SessionSetSegmentsDto extends CrispSessionDataDto {
  /** The conversation's segments (tags), as set. */
  @IsArray()
  @IsString({ each: true })
  segments!: string[];
}

/** `session:set_opened`: an operator opened the conversation. @publicApi */
export class SessionSetOpenedDto extends CrispSessionDataDto {
  /** The operator who opened the conversation. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionOperatorDto)
  operator!: CrispSessionOperatorDto;
}

/** `session:set_closed`: an operator closed the conversation. @publicApi */
export class SessionSetClosedDto extends CrispSessionDataDto {
  /** The operator who closed the conversation. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSessionOperatorDto)
  operator!: CrispSessionOperatorDto;
}

/** `session:set_participants`: the conversation's external participants were set. @publicApi */
export class SessionSetParticipantsDto extends CrispSessionDataDto {
  /** The conversation's external participants, as set. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispSessionParticipantDto)
  participants!: CrispSessionParticipantDto[];
}

/** `session:set_mentions`: the operators mentioned in the conversation were set. @publicApi */
export class SessionSetMentionsDto extends CrispSessionDataDto {
  /** The user ids of the operators mentioned, as set. */
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
  /** The inbox the conversation left; `null` for the default inbox. */
  @IsOptional() @IsString() previous_inbox_id?: string | null;
}

/** `session:removed`: the conversation was deleted. @publicApi */
export class SessionRemovedDto extends CrispSessionDataDto {}

/** `session:error`: Crisp reported an error on the conversation, about one of its fields. @publicApi */
export class SessionErrorDto extends CrispSessionDataDto {
  /** Which field failed; not an enum, Crisp documents no list. */
  @IsString() type!: string;
  /** The value that failed, as Crisp sends it. */
  @IsString() value!: string;
  /** The value before the failed change, when Crisp sends it. */
  @IsOptional() @IsString() previous_value?: string | null;
}
