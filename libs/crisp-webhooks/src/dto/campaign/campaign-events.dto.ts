import { IsBoolean, IsNumber, IsString } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';

/** `campaign:progress`: a campaign's sending progressed. @publicApi */
export class CampaignProgressDto extends CrispWebsiteDataDto {
  @IsString() campaign_id!: string;
  /** From 0 to 100. */
  @IsNumber() progress!: number;
}

/** `campaign:dispatched`: a campaign was sent. @publicApi */
export class CampaignDispatchedDto extends CrispWebsiteDataDto {
  @IsString() campaign_id!: string;
}

/** `campaign:running`: a campaign (an automated one) was started or paused. @publicApi */
export class CampaignRunningDto extends CrispWebsiteDataDto {
  @IsString() campaign_id!: string;
  @IsBoolean() running!: boolean;
}
