import { IsBoolean, IsNumber, IsString } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';

/** `campaign:progress`: a campaign's sending progressed. @publicApi */
export class CampaignProgressDto extends CrispWebsiteDataDto {
  /** The campaign's id, which Crisp's REST routes about campaigns take. */
  @IsString() campaign_id!: string;
  /** From 0 to 100. */
  @IsNumber() progress!: number;
}

/** `campaign:dispatched`: a campaign was sent. @publicApi */
export class CampaignDispatchedDto extends CrispWebsiteDataDto {
  /** The campaign's id, which Crisp's REST routes about campaigns take. */
  @IsString() campaign_id!: string;
}

/** `campaign:running`: a campaign (an automated one) was started or paused. @publicApi */
export class CampaignRunningDto extends CrispWebsiteDataDto {
  /** The campaign's id, which Crisp's REST routes about campaigns take. */
  @IsString() campaign_id!: string;
  /** `true` when the campaign was started, `false` when it was paused. */
  @IsBoolean() running!: boolean;
}
