import { Type } from 'class-transformer';
import { IsBoolean, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CrispSessionDataDto, CrispWebsiteDataDto } from '../crisp-session-data.dto';
import {
  CrispPeopleImportCountDto,
  CrispPeopleProfileCardDto,
  type CrispPeopleImportSkippedItem,
} from './people-data.dto';

/** `people:profile:created`: a contact profile was created. @publicApi */
export class PeopleProfileCreatedDto extends CrispWebsiteDataDto {
  @IsString() people_id!: string;
  /** Not checked as an email address: profiles keep what people typed. */
  @IsOptional() @IsString() email?: string | null;
}

/** `people:profile:updated`: a contact profile changed. @publicApi */
export class PeopleProfileUpdatedDto extends CrispWebsiteDataDto {
  @IsString() people_id!: string;
  @IsOptional() @IsString() email?: string | null;

  /** What changed; its shape differs between the Node and Go types, see `CrispPeopleProfileCardDto`. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispPeopleProfileCardDto)
  update!: CrispPeopleProfileCardDto;
}

/** `people:profile:removed`: a contact profile was deleted. @publicApi */
export class PeopleProfileRemovedDto extends CrispWebsiteDataDto {
  @IsString() people_id!: string;
  /** Sent by the Go types only. */
  @IsOptional() @IsString() email?: string | null;
}

/** `people:bind:session`: a conversation was linked to a contact profile. @publicApi */
export class PeopleBindSessionDto extends CrispSessionDataDto {
  @IsString() people_id!: string;
}

/** `people:sync:profile`: a contact profile was synced from a conversation. @publicApi */
export class PeopleSyncProfileDto extends CrispSessionDataDto {
  @IsString() people_id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CrispPeopleProfileCardDto)
  identity!: CrispPeopleProfileCardDto;
}

/**
 * `people:import:progress`: a contact import progressed. The import is named by `people_id` in the
 * Node types and `import_id` in the Go ones, so both are optional.
 * @publicApi
 */
export class PeopleImportProgressDto extends CrispWebsiteDataDto {
  @IsOptional() @IsString() people_id?: string | null;
  @IsOptional() @IsString() import_id?: string | null;
  /** From 0 to 100. */
  @IsNumber() progress!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => CrispPeopleImportCountDto)
  count!: CrispPeopleImportCountDto;

  /** An object `{ skipped }` in the Node types, an array in the Go ones: kept as sent, not checked. */
  @IsOptional()
  items?: { skipped?: CrispPeopleImportSkippedItem[] } | CrispPeopleImportSkippedItem[] | null;
}

/** `people:import:done`: a contact import finished. @publicApi */
export class PeopleImportDoneDto extends CrispWebsiteDataDto {
  /** The import's id: `people_id` in the Node types, `import_id` in the Go ones. */
  @IsOptional() @IsString() people_id?: string | null;
  @IsOptional() @IsString() import_id?: string | null;
  /** Whether the import failed. */
  @IsBoolean() error!: boolean;
}
