import { IsString } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';

/** `browsing:request:initiated`: an operator asked to co-browse with the visitor. @publicApi */
export class BrowsingRequestInitiatedDto extends CrispSessionDataDto {
  @IsString() browsing_id!: string;
  @IsString() browsing_token!: string;
}

/** `browsing:request:rejected`: the visitor refused co-browsing. @publicApi */
export class BrowsingRequestRejectedDto extends CrispSessionDataDto {}
