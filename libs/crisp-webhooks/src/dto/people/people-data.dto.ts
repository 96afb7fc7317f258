import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CrispGeolocationDto } from '../session/session-data.dto';

/** A person's job. @publicApi */
export class CrispPeopleEmploymentDto {
  /** The employer's domain name, e.g. `example.com`. */
  @IsOptional() @IsString() domain?: string | null;
  /** The employer's name. */
  @IsOptional() @IsString() name?: string | null;
  /** The person's role there, as the profile holds it. */
  @IsOptional() @IsString() role?: string | null;
  /** The person's job title. */
  @IsOptional() @IsString() title?: string | null;
}

/** What a contact profile knows about the person; every field may be missing. @publicApi */
export class CrispPeoplePersonDto {
  /** Where the person is. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispGeolocationDto) geolocation?: CrispGeolocationDto | null;
  /** The person's languages, as language tags. */
  @IsOptional() @IsArray() @IsString({ each: true }) locales?: string[] | null;
  /** The person's display name. */
  @IsOptional() @IsString() nickname?: string | null;
  /** The person's time zone as a number; Crisp's types document neither its unit nor its sign. */
  @IsOptional() @IsNumber() timezone?: number | null;
  /** Phone, avatar and website are kept as typed by people, not checked as numbers or URLs. */
  @IsOptional() @IsString() phone?: string | null;
  /** The person's avatar, a URL. */
  @IsOptional() @IsString() avatar?: string | null;
  /** Where the person works and as what. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispPeopleEmploymentDto)
  employment?: CrispPeopleEmploymentDto | null;
  /** The person's postal address, as typed. */
  @IsOptional() @IsString() address?: string | null;
  /** The person's website, as typed. */
  @IsOptional() @IsString() website?: string | null;
  /** The person's gender, a plain string, as the profile holds it. */
  @IsOptional() @IsString() gender?: string | null;
}

/** The person's company on a contact profile; every field may be missing. @publicApi */
export class CrispPeopleCompanyDto {
  /** The company's usual name. */
  @IsOptional() @IsString() name?: string | null;
  /** The company's registered name. */
  @IsOptional() @IsString() legal_name?: string | null;
  /** The company's domain name, e.g. `example.com`. */
  @IsOptional() @IsString() domain?: string | null;
  /** The company's website. */
  @IsOptional() @IsString() url?: string | null;
  /** A description of the company. */
  @IsOptional() @IsString() description?: string | null;
  /** Where the company is. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispGeolocationDto) geolocation?: CrispGeolocationDto | null;
}

/**
 * A contact profile, or the part of it that changed. The Node types send `{ updated_at, person }`
 * or `{ person, company }`, the Go ones a whole profile card; this covers both, every field optional.
 * @publicApi
 */
export class CrispPeopleProfileCardDto {
  /** The contact's email address. */
  @IsOptional() @IsString() email?: string | null;
  /** What is known about the person. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispPeoplePersonDto) person?: CrispPeoplePersonDto | null;
  /** The person's company. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispPeopleCompanyDto) company?: CrispPeopleCompanyDto | null;
  /** The contact's segments (tags). */
  @IsOptional() @IsArray() @IsString({ each: true }) segments?: string[] | null;
  /** The notes operators keep on the contact. */
  @IsOptional() @IsString() notepad?: string | null;
  /** The contact's score, a number Crisp's types do not document further. */
  @IsOptional() @IsNumber() score?: number | null;
  /** When the profile was created, a number (Crisp's timestamps are ms since the epoch). */
  @IsOptional() @IsNumber() created_at?: number | null;
  /** When the profile last changed, a number (Crisp's timestamps are ms since the epoch). */
  @IsOptional() @IsNumber() updated_at?: number | null;
}

/** How many rows of a contact import were skipped and remain. @publicApi */
export class CrispPeopleImportCountDto {
  /** Sent by the Go types only. */
  @IsOptional() @IsNumber() total?: number | null;
  /** How many rows were skipped so far. */
  @IsNumber() skipped!: number;
  /** How many rows are left to import. */
  @IsNumber() remaining!: number;
}

/** A row of a contact import that was skipped, and why. @publicApi */
export interface CrispPeopleImportSkippedItem {
  /** The skipped row's identifier, when it had one. */
  identifier?: string | null;
  /** Why the row was skipped, as Crisp words it. */
  reason: string;
}
