import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';

/** `content` of a `file` message. @publicApi */
export class CrispFileContentDto {
  @IsString() name!: string;
  @IsString() url!: string;
  @IsString() type!: string;
}

/** `content` of an `animation` message. @publicApi */
export class CrispAnimationContentDto {
  @IsString() url!: string;
  @IsOptional() @IsString() type?: string | null;
}

/** `content` of an `audio` message. @publicApi */
export class CrispAudioContentDto {
  @IsString() url!: string;
  @IsString() type!: string;
  @IsOptional() @IsNumber() duration?: number | null;
}

/** One choice of a `picker` message. @publicApi */
export class CrispPickerChoiceDto {
  @IsString() value!: string;
  @IsString() label!: string;
  @IsOptional() @IsBoolean() selected?: boolean | null;
  @IsOptional() @IsString() icon?: string | null;
}

/** `content` of a `picker` message. @publicApi */
export class CrispPickerContentDto {
  @IsString() id!: string;
  @IsString() text!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CrispPickerChoiceDto) choices!: CrispPickerChoiceDto[];
  @IsOptional() @IsBoolean() required?: boolean | null;
}

/** `content` of a `field` message. @publicApi */
export class CrispFieldContentDto {
  @IsString() id!: string;
  @IsString() text!: string;
  @IsOptional() @IsString() explain?: string | null;
  @IsOptional() @IsString() value?: string | null;
  @IsOptional() @IsBoolean() required?: boolean | null;
}

/** One card of a `carousel` message; its actions are kept as sent. @publicApi */
export class CrispCarouselTargetDto {
  @IsString() title!: string;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional() @IsString() image?: string | null;
  @IsOptional() @IsArray() actions?: { label: string; url: string }[];
}

/** `content` of a `carousel` message. @publicApi */
export class CrispCarouselContentDto {
  @IsString() text!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CrispCarouselTargetDto) targets!: CrispCarouselTargetDto[];
}

/** `content` of an `event` message, e.g. `{ namespace: 'state:resolved' }`. @publicApi */
export class CrispEventContentDto {
  @IsString() namespace!: string;
  @IsOptional() @IsString() text?: string | null;
}

/** Which DTO validates `content` for each message `type` whose content is an object. @internal */
export const CRISP_OBJECT_CONTENT_DTOS = {
  file: CrispFileContentDto,
  animation: CrispAnimationContentDto,
  audio: CrispAudioContentDto,
  picker: CrispPickerContentDto,
  field: CrispFieldContentDto,
  carousel: CrispCarouselContentDto,
  event: CrispEventContentDto,
} as const;

/** Message types whose `content` is a plain string. @internal */
export const CRISP_TEXT_CONTENT_TYPES: ReadonlySet<string> = new Set(['text', 'note']);

/** Any message `content`: a string for text and note, an object for the other types. @publicApi */
export type CrispMessageContent =
  string | InstanceType<(typeof CRISP_OBJECT_CONTENT_DTOS)[keyof typeof CRISP_OBJECT_CONTENT_DTOS]>;
