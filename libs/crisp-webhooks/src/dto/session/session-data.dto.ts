import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

/** One way the visitor's identity was verified (`session:update_verify`). @publicApi */
export class CrispSessionVerificationDto {
  /** What was verified: the kind of identity, e.g. `email` or `phone`. */
  @IsString() identity!: string;
  /** How it was verified (e.g. `code`); a plain string, Crisp documents no list. */
  @IsString() method!: string;
  /** Free text for humans; Crisp may leave it out. */
  @IsOptional() @IsString() annotation?: string | null;
}

/** One page the visitor browsed (`session:sync:pages`). @publicApi */
export class CrispSessionPageDto {
  /** The page's address, as the chatbox saw it. */
  @IsString() page_url!: string;
  /** Pages without a `<title>` exist, so a missing title is not an error. */
  @IsOptional() @IsString() page_title?: string | null;
  /** Sent by the Go library's type only. */
  @IsOptional() @IsString() page_referrer?: string | null;
  /** When the visitor was on the page; a number, with no unit in Crisp's types (its message timestamps are ms). */
  @IsNumber() timestamp!: number;
}

/** One custom event the website pushed on the session (`session:sync:events`). @publicApi */
export class CrispSessionEventDto {
  /** The event's name, as the website pushed it (e.g. `Upgraded plan`). */
  @IsString() text!: string;
  /** Whatever the website attached; its values are kept as sent. */
  @IsOptional() @IsObject() data?: Record<string, string | number | boolean> | null;
  /** A Crisp colour name (`red`, `blue`...), not checked: the palette may grow. */
  @IsOptional() @IsString() color?: string | null;
  /** When the website pushed the event; a number, with no unit in Crisp's types (its message timestamps are ms). */
  @IsNumber() timestamp!: number;
}

/** Latitude and longitude of a geolocation. @publicApi */
export class CrispCoordinatesDto {
  /** North-south position, in degrees. */
  @IsOptional() @IsNumber() latitude?: number | null;
  /** East-west position, in degrees. */
  @IsOptional() @IsNumber() longitude?: number | null;
}

/** Where a visitor (or a person, or a company) is; every part may be unknown. @publicApi */
export class CrispGeolocationDto {
  /** The country, as Crisp resolved it; a plain string in Crisp's types, not checked as a code. */
  @IsOptional() @IsString() country?: string | null;
  /** The region or state within the country, as Crisp resolved it. */
  @IsOptional() @IsString() region?: string | null;
  /** The city, as Crisp resolved it. */
  @IsOptional() @IsString() city?: string | null;
  /** The position, when Crisp could resolve one. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispCoordinatesDto) coordinates?: CrispCoordinatesDto | null;
}

/** Name and version of the visitor's OS, engine or browser (`major` for browsers only). @publicApi */
export class CrispSystemSoftwareDto {
  /** The software's name, e.g. `Mac OS`, `Blink` or `Chrome`. */
  @IsOptional() @IsString() name?: string | null;
  /** Its full version, e.g. `129.0.0.0`. */
  @IsOptional() @IsString() version?: string | null;
  /** The browser's major version, e.g. `129`. */
  @IsOptional() @IsString() major?: string | null;
}

/** The visitor's system, as detected from the user agent (`session:sync:system`). @publicApi */
export class CrispSessionSystemDto {
  /** The operating system. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispSystemSoftwareDto) os?: CrispSystemSoftwareDto | null;
  /** The browser's rendering engine. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSystemSoftwareDto)
  engine?: CrispSystemSoftwareDto | null;
  /** The browser. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispSystemSoftwareDto)
  browser?: CrispSystemSoftwareDto | null;
  /** The raw `User-Agent` the rest was detected from. */
  @IsOptional() @IsString() useragent?: string | null;
}

/** The visitor's internet provider. @publicApi */
export class CrispNetworkConnectionDto {
  /** The internet provider's name. */
  @IsOptional() @IsString() isp?: string | null;
  /** The provider's autonomous system number, as a string (e.g. `AS64496`). */
  @IsOptional() @IsString() asn?: string | null;
}

/** The visitor's network (`session:sync:network`). @publicApi */
export class CrispSessionNetworkDto {
  /** The visitor's IP address, IPv4 or IPv6; personal data, so mind where it is kept. */
  @IsString() ip!: string;
  /** The provider behind that address, when Crisp could resolve it. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispNetworkConnectionDto)
  connection?: CrispNetworkConnectionDto | null;
}

/** The visitor's time zone (`session:sync:timezone`). @publicApi */
export class CrispSessionTimezoneDto {
  /** The offset from UTC, an integer (`int16` in the Go types); Crisp documents neither its unit nor its sign. */
  @IsInt() offset!: number;
}

/** The visitor's browser languages (`session:sync:locales`). @publicApi */
export class CrispSessionLocalesDto {
  /** Language tags in the browser's order of preference, e.g. `['fr-FR', 'en']`. */
  @IsArray() @IsString({ each: true }) locales!: string[];
}

/** The visitor's rating of the conversation (`session:sync:rating`). @publicApi */
export class CrispSessionRatingDto {
  /** The rating, a whole number (`uint8` in the Go types); Crisp's chatbox rates from 1 to 5 stars. */
  @IsInt() stars!: number;
  /** What the visitor wrote with the rating, when they wrote anything. */
  @IsOptional() @IsString() comment?: string | null;
}

/** The operator who opened or closed the chatbox (`session:set_opened`, `session:set_closed`). @publicApi */
export class CrispSessionOperatorDto {
  /** The operator's Crisp user id, a UUID. */
  @IsString() user_id!: string;
  /** The operator's avatar, a URL. */
  @IsOptional() @IsString() avatar?: string | null;
  /** The operator's display name. */
  @IsOptional() @IsString() nickname?: string | null;
}

/** Someone added to the conversation, e.g. `{ type: 'email', target: 'cc@example.com' }`. @publicApi */
export class CrispSessionParticipantDto {
  /** How the participant is reached, e.g. `email`. */
  @IsString() type!: string;
  /** Where the participant is reached, e.g. an email address. */
  @IsString() target!: string;
}
