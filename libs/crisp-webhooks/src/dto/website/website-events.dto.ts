import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsString, ValidateNested } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';
import { CrispOperatorAvailabilityDto } from './website-data.dto';

/** `website:update_visitors_count`: the number of visitors on the website changed. @publicApi */
export class WebsiteUpdateVisitorsCountDto extends CrispWebsiteDataDto {
  /** How many visitors are on the website now (an unsigned integer in the Go types). */
  @IsInt() visitors_count!: number;
}

/** `website:update_operators_availability`: an operator's availability changed. @publicApi */
export class WebsiteUpdateOperatorsAvailabilityDto extends CrispWebsiteDataDto {
  /** The operator whose availability changed: their Crisp user id, a UUID. */
  @IsString() user_id!: string;

  /** The operator's new availability. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispOperatorAvailabilityDto)
  availability!: CrispOperatorAvailabilityDto;
}

/** `website:users:available`: whether any operator of the website is available changed. @publicApi */
export class WebsiteUsersAvailableDto extends CrispWebsiteDataDto {
  /** `true` when at least one operator is available, `false` when none is. */
  @IsBoolean() available!: boolean;
}
