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
  /** The contact profile's id, which Crisp's REST routes about people take. */
  @IsString() people_id!: string;
  /** Not checked as an email address: profiles keep what people typed. */
  @IsOptional() @IsString() email?: string | null;
}

/** `people:profile:updated`: a contact profile changed. @publicApi */
export class PeopleProfileUpdatedDto extends CrispWebsiteDataDto {
  /** The contact profile's id, which Crisp's REST routes about people take. */
  @IsString() people_id!: string;
  /** The contact's email address, when the profile has one. */
  @IsOptional() @IsString() email?: string | null;

  /** What changed; its shape differs between the Node and Go types, see `CrispPeopleProfileCardDto`. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispPeopleProfileCardDto)
  update!: CrispPeopleProfileCardDto;
}

/** `people:profile:removed`: a contact profile was deleted. @publicApi */
export class PeopleProfileRemovedDto extends CrispWebsiteDataDto {
  /** The removed contact profile's id. */
  @IsString() people_id!: string;
  /** Sent by the Go types only. */
  @IsOptional() @IsString() email?: string | null;
}

/** `people:bind:session`: a conversation was linked to a contact profile. @publicApi */
export class PeopleBindSessionDto extends CrispSessionDataDto {
  /** The contact profile the conversation is now linked to. */
  @IsString() people_id!: string;
}

/** `people:sync:profile`: a contact profile was synced from a conversation. @publicApi */
export class PeopleSyncProfileDto extends CrispSessionDataDto {
  /** The contact profile that was synced. */
  @IsString() people_id!: string;

  /** What the conversation told about the person (and their company). */
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
  /** The import's id in the Node types. */
  @IsOptional() @IsString() people_id?: string | null;
  /** The import's id in the Go types. */
  @IsOptional() @IsString() import_id?: string | null;
  /** From 0 to 100. */
  @IsNumber() progress!: number;

  /** How many rows were skipped and remain. */
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
  /** The import's id in the Go types. */
  @IsOptional() @IsString() import_id?: string | null;
  /** Whether the import failed. */
  @IsBoolean() error!: boolean;
}
