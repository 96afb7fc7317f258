import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CrispGeolocationDto } from '../session/session-data.dto';

/** A person's job. @publicApi */
export class CrispPeopleEmploymentDto {
  @IsOptional() @IsString() domain?: string;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() role?: string;
  @IsOptional() @IsString() title?: string;
}

/** What a contact profile knows about the person; every field may be missing. @publicApi */
export class CrispPeoplePersonDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispGeolocationDto) geolocation?: CrispGeolocationDto;
  @IsOptional() @IsArray() @IsString({ each: true }) locales?: string[];
  @IsOptional() @IsString() nickname?: string;
  @IsOptional() @IsNumber() timezone?: number;
  /** Phone, avatar and website are kept as typed by people, not checked as numbers or URLs. */
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsString() avatar?: string;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispPeopleEmploymentDto)
  employment?: CrispPeopleEmploymentDto;
  @IsOptional() @IsString() address?: string;
  @IsOptional() @IsString() website?: string;
  @IsOptional() @IsString() gender?: string;
}

/** The person's company on a contact profile; every field may be missing. @publicApi */
export class CrispPeopleCompanyDto {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() legal_name?: string;
  @IsOptional() @IsString() domain?: string;
  @IsOptional() @IsString() url?: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispGeolocationDto) geolocation?: CrispGeolocationDto;
}

/**
 * A contact profile, or the part of it that changed. The Node types send `{ updated_at, person }`
 * or `{ person, company }`, the Go ones a whole profile card; this covers both, every field optional.
 * @publicApi
 */
export class CrispPeopleProfileCardDto {
  @IsOptional() @IsString() email?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispPeoplePersonDto) person?: CrispPeoplePersonDto;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispPeopleCompanyDto) company?: CrispPeopleCompanyDto;
  @IsOptional() @IsArray() @IsString({ each: true }) segments?: string[];
  @IsOptional() @IsString() notepad?: string;
  @IsOptional() @IsNumber() score?: number;
  @IsOptional() @IsNumber() created_at?: number;
  @IsOptional() @IsNumber() updated_at?: number;
}

/** How many rows of a contact import were skipped and remain. @publicApi */
export class CrispPeopleImportCountDto {
  /** Sent by the Go types only. */
  @IsOptional() @IsNumber() total?: number;
  @IsNumber() skipped!: number;
  @IsNumber() remaining!: number;
}

/** A row of a contact import that was skipped, and why. @publicApi */
export interface CrispPeopleImportSkippedItem {
  identifier?: string | null;
  reason: string;
}
