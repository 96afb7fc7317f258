import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsString, ValidateNested } from 'class-validator';
import { CrispMediaAnimationResultDto } from './media-data.dto';

/**
 * `media:animation:listed`: the results of a REST search for animations. No `website_id`: it is
 * keyed by the request's `id`; the envelope still names the website.
 * @publicApi
 */
export class MediaAnimationListedDto {
  @IsNumber() id!: number;
  @IsString() identifier!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispMediaAnimationResultDto)
  results!: CrispMediaAnimationResultDto[];
}
