import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsString, ValidateNested } from 'class-validator';
import { CrispMediaAnimationResultDto } from './media-data.dto';

/**
 * `media:animation:listed`: the results of a REST search for animations. No `website_id`: it is
 * keyed by the request's `id`; the envelope still names the website.
 * @publicApi
 */
export class MediaAnimationListedDto {
  /** The id the REST search was made with, which the answer is matched to. */
  @IsNumber() id!: number;
  /** A plain string, kept as sent: Crisp's types document neither its meaning nor its format. */
  @IsString() identifier!: string;

  /** The animations found, in the order Crisp gave them. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispMediaAnimationResultDto)
  results!: CrispMediaAnimationResultDto[];
}
