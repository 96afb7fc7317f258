import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

/** One way the visitor's identity was verified (`session:update_verify`). @publicApi */
export class CrispSessionVerificationDto {
  @IsString() identity!: string;
  @IsString() method!: string;
  /** Free text for humans; Crisp may leave it out. */
  @IsOptional() @IsString() annotation?: string | null;
}

/** One page the visitor browsed (`session:sync:pages`). @publicApi */
export class CrispSessionPageDto {
  @IsString() page_url!: string;
  /** Pages without a `<title>` exist, so a missing title is not an error. */
  @IsOptional() @IsString() page_title?: string | null;
  /** Sent by the Go library's type only. */
  @IsOptional() @IsString() page_referrer?: string | null;
  @IsNumber() timestamp!: number;
}

/** One custom event the website pushed on the session (`session:sync:events`). @publicApi */
export class CrispSessionEventDto {
  @IsString() text!: string;
  /** Whatever the website attached; its values are kept as sent. */
  @IsOptional() @IsObject() data?: Record<string, string | number | boolean> | null;
  /** A Crisp colour name (`red`, `blue`...), not checked: the palette may grow. */
  @IsOptional() @IsString() color?: string | null;
  @IsNumber() timestamp!: number;
}

/** Latitude and longitude of a geolocation. @publicApi */
export class CrispCoordinatesDto {
  @IsOptional() @IsNumber() latitude?: number | null;
  @IsOptional() @IsNumber() longitude?: number | null;
}

/** Where a visitor (or a person, or a company) is; every part may be unknown. @publicApi */
export class CrispGeolocationDto {
  @IsOptional() @IsString() country?: string | null;
  @IsOptional() @IsString() region?: string | null;
  @IsOptional() @IsString() city?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispCoordinatesDto) coordinates?: CrispCoordinatesDto | null;
}

/** Name and version of the visitor's OS, engine or browser (`major` for browsers only). @publicApi */
export class CrispSystemSoftwareDto {
  @IsOptional() @IsString() name?: string | null;
  @IsOptional() @IsString() version?: string | null;
  @IsOptional() @IsString() major?: string | null;
}

/** The visitor's system, as detected from the user agent (`session:sync:system`). @publicApi */
export class CrispSessionSystemDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispSystemSoftwareDto) os?: CrispSystemSoftwareDto | null;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSystemSoftwareDto)
  engine?: CrispSystemSoftwareDto | null;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSystemSoftwareDto)
  browser?: CrispSystemSoftwareDto | null;
  @IsOptional() @IsString() useragent?: string | null;
}

/** The visitor's internet provider. @publicApi */
export class CrispNetworkConnectionDto {
  @IsOptional() @IsString() isp?: string | null;
  @IsOptional() @IsString() asn?: string | null;
}

/** The visitor's network (`session:sync:network`). @publicApi */
export class CrispSessionNetworkDto {
  @IsString() ip!: string;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispNetworkConnectionDto)
  connection?: CrispNetworkConnectionDto | null;
}

/** The visitor's time zone (`session:sync:timezone`). @publicApi */
export class CrispSessionTimezoneDto {
  @IsInt() offset!: number;
}

/** The visitor's browser languages (`session:sync:locales`). @publicApi */
export class CrispSessionLocalesDto {
  @IsArray() @IsString({ each: true }) locales!: string[];
}

/** The visitor's rating of the conversation (`session:sync:rating`). @publicApi */
export class CrispSessionRatingDto {
  @IsInt() stars!: number;
  @IsOptional() @IsString() comment?: string | null;
}

/** The operator who opened or closed the chatbox (`session:set_opened`, `session:set_closed`). @publicApi */
export class CrispSessionOperatorDto {
  @IsString() user_id!: string;
  @IsOptional() @IsString() avatar?: string | null;
  @IsOptional() @IsString() nickname?: string | null;
}

/** Someone added to the conversation, e.g. `{ type: 'email', target: 'cc@example.com' }`. @publicApi */
export class CrispSessionParticipantDto {
  @IsString() type!: string;
  @IsString() target!: string;
}
