import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CrispGeolocationDto } from '../session/session-data.dto';

/** A person's job. @publicApi */
export class CrispPeopleEmploymentDto {
  @IsOptional() @IsString() domain?: string | null;
  @IsOptional() @IsString() name?: string | null;
  @IsOptional() @IsString() role?: string | null;
  @IsOptional() @IsString() title?: string | null;
}

/** What a contact profile knows about the person; every field may be missing. @publicApi */
export class CrispPeoplePersonDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispGeolocationDto) geolocation?: CrispGeolocationDto | null;
  @IsOptional() @IsArray() @IsString({ each: true }) locales?: string[] | null;
  @IsOptional() @IsString() nickname?: string | null;
  @IsOptional() @IsNumber() timezone?: number | null;
  /** Phone, avatar and website are kept as typed by people, not checked as numbers or URLs. */
  @IsOptional() @IsString() phone?: string | null;
  @IsOptional() @IsString() avatar?: string | null;
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispPeopleEmploymentDto)
  employment?: CrispPeopleEmploymentDto | null;
  @IsOptional() @IsString() address?: string | null;
  @IsOptional() @IsString() website?: string | null;
  @IsOptional() @IsString() gender?: string | null;
}

/** The person's company on a contact profile; every field may be missing. @publicApi */
export class CrispPeopleCompanyDto {
  @IsOptional() @IsString() name?: string | null;
  @IsOptional() @IsString() legal_name?: string | null;
  @IsOptional() @IsString() domain?: string | null;
  @IsOptional() @IsString() url?: string | null;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispGeolocationDto) geolocation?: CrispGeolocationDto | null;
}

/**
 * A contact profile, or the part of it that changed. The Node types send `{ updated_at, person }`
 * or `{ person, company }`, the Go ones a whole profile card; this covers both, every field optional.
 * @publicApi
 */
export class CrispPeopleProfileCardDto {
  @IsOptional() @IsString() email?: string | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispPeoplePersonDto) person?: CrispPeoplePersonDto | null;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CrispPeopleCompanyDto) company?: CrispPeopleCompanyDto | null;
  @IsOptional() @IsArray() @IsString({ each: true }) segments?: string[] | null;
  @IsOptional() @IsString() notepad?: string | null;
  @IsOptional() @IsNumber() score?: number | null;
  @IsOptional() @IsNumber() created_at?: number | null;
  @IsOptional() @IsNumber() updated_at?: number | null;
}

/** How many rows of a contact import were skipped and remain. @publicApi */
export class CrispPeopleImportCountDto {
  /** Sent by the Go types only. */
  @IsOptional() @IsNumber() total?: number | null;
  @IsNumber() skipped!: number;
  @IsNumber() remaining!: number;
}

/** A row of a contact import that was skipped, and why. @publicApi */
export interface CrispPeopleImportSkippedItem {
  identifier?: string | null;
  reason: string;
}
