import { IsString } from 'class-validator';

/** One animation (a GIF) found by a search. @publicApi */
export class CrispMediaAnimationResultDto {
  /** A MIME type, e.g. `image/gif`. */
  @IsString() type!: string;
  /** Where the animation can be fetched; passed through, not checked as a URL. */
  @IsString() url!: string;
}
