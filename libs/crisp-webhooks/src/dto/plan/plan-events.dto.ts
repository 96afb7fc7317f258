import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';
import { CrispPlanDto } from './plan-data.dto';

/** `plan:subscription:updated`: the website's Crisp plan changed. @publicApi */
export class PlanSubscriptionUpdatedDto extends CrispWebsiteDataDto {
  /** Optional in the Go types. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CrispPlanDto)
  plan?: CrispPlanDto | null;
}
