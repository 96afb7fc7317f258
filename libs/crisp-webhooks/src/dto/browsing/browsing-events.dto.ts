import { IsString } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';

/** `browsing:request:initiated`: an operator asked to co-browse with the visitor. @publicApi */
export class BrowsingRequestInitiatedDto extends CrispSessionDataDto {
  /** The co-browsing request's id, which Crisp's REST routes about it take. */
  @IsString() browsing_id!: string;
  /** The token Crisp issued for this co-browsing session, passed through as sent. */
  @IsString() browsing_token!: string;
}

/** `browsing:request:rejected`: the visitor refused co-browsing. @publicApi */
export class BrowsingRequestRejectedDto extends CrispSessionDataDto {}
