import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsString, ValidateNested } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';
import { CrispOperatorAvailabilityDto } from './website-data.dto';

/** `website:update_visitors_count`: the number of visitors on the website changed. @publicApi */
export class WebsiteUpdateVisitorsCountDto extends CrispWebsiteDataDto {
  @IsInt() visitors_count!: number;
}

/** `website:update_operators_availability`: an operator's availability changed. @publicApi */
export class WebsiteUpdateOperatorsAvailabilityDto extends CrispWebsiteDataDto {
  @IsString() user_id!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CrispOperatorAvailabilityDto)
  availability!: CrispOperatorAvailabilityDto;
}

/** `website:users:available`: whether any operator of the website is available changed. @publicApi */
export class WebsiteUsersAvailableDto extends CrispWebsiteDataDto {
  @IsBoolean() available!: boolean;
}
