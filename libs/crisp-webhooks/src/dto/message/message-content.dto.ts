import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsNumber, IsOptional, IsString, ValidateNested } from 'class-validator';

/** `content` of a `file` message. @publicApi */
export class CrispFileContentDto {
  /** The file's name, as uploaded (e.g. `invoice.pdf`). */
  @IsString() name!: string;
  /** Where the file can be downloaded; passed through, not checked as a URL. */
  @IsString() url!: string;
  /** The file's MIME type, e.g. `application/pdf`. */
  @IsString() type!: string;
}

/** `content` of an `animation` message. @publicApi */
export class CrispAnimationContentDto {
  /** Where the animation (a GIF) can be fetched. */
  @IsString() url!: string;
  /** The animation's MIME type, e.g. `image/gif`, when sent. */
  @IsOptional() @IsString() type?: string | null;
}

/** `content` of an `audio` message. @publicApi */
export class CrispAudioContentDto {
  /** Where the recording can be fetched. */
  @IsString() url!: string;
  /** The recording's MIME type, e.g. `audio/webm`. */
  @IsString() type!: string;
  /** How long the recording lasts, in seconds. */
  @IsOptional() @IsNumber() duration?: number | null;
}

/** One choice of a `picker` message. @publicApi */
export class CrispPickerChoiceDto {
  /** What the choice stands for: the value to act on, stable whatever `label` says. */
  @IsString() value!: string;
  /** The text the visitor sees for this choice. */
  @IsString() label!: string;
  /** `true` on the choice the visitor picked; a pick arrives as `message:updated` with the new content. */
  @IsOptional() @IsBoolean() selected?: boolean | null;
  /** An icon shown with the label, when the sender set one. */
  @IsOptional() @IsString() icon?: string | null;
}

/** `content` of a `picker` message. @publicApi */
export class CrispPickerContentDto {
  /** The sender's id for this picker, to recognise which question an answer belongs to. */
  @IsString() id!: string;
  /** The question asked above the choices. */
  @IsString() text!: string;
  /** The choices offered, in the order shown. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => CrispPickerChoiceDto) choices!: CrispPickerChoiceDto[];
  /** Whether an answer is required, as the sender set it. */
  @IsOptional() @IsBoolean() required?: boolean | null;
}

/** `content` of a `field` message. @publicApi */
export class CrispFieldContentDto {
  /** The sender's id for this field, to recognise which question an answer belongs to. */
  @IsString() id!: string;
  /** The question or label shown with the input. */
  @IsString() text!: string;
  /** The explanation shown with the input, as the sender wrote it. */
  @IsOptional() @IsString() explain?: string | null;
  /** The field's value; it holds the visitor's answer once they gave one. */
  @IsOptional() @IsString() value?: string | null;
  /** Whether an answer is required, as the sender set it. */
  @IsOptional() @IsBoolean() required?: boolean | null;
}

/** One card of a `carousel` message; its actions are kept as sent. @publicApi */
export class CrispCarouselTargetDto {
  /** The card's title. */
  @IsString() title!: string;
  /** The card's text under the title. */
  @IsOptional() @IsString() description?: string | null;
  /** The card's picture, a URL. */
  @IsOptional() @IsString() image?: string | null;
  /** The card's buttons: each a `label` shown and the `url` it opens. */
  @IsOptional() @IsArray() actions?: { label: string; url: string }[];
}

/** `content` of a `carousel` message. @publicApi */
export class CrispCarouselContentDto {
  /** The text shown above the cards. */
  @IsString() text!: string;
  /** The cards, in the order shown. */
  @IsArray() @ValidateNested({ each: true }) @Type(() => CrispCarouselTargetDto) targets!: CrispCarouselTargetDto[];
}

/** `content` of an `event` message, e.g. `{ namespace: 'state:resolved' }`. @publicApi */
export class CrispEventContentDto {
  /** What happened, e.g. `state:resolved` when the conversation was resolved; open-ended. */
  @IsString() namespace!: string;
  /** A human-readable line about the event, when Crisp sends one. */
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
