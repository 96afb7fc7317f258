import { IsString } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';

/** `identity:verify:request`: a plugin is asked to send a verification code to the visitor. @publicApi */
export class IdentityVerifyRequestDto extends CrispSessionDataDto {
  /** The plugin (its Marketplace id, a UUID) asked to deliver the code. */
  @IsString() plugin_id!: string;
  /** Where to send the code (an email address, a phone number), as the visitor gave it. */
  @IsString() target!: string;
  /** The code to send to the visitor; it proves who they are until redeemed, so keep it out of logs. */
  @IsString() code!: string;
  /** Passed through to the visitor, not checked as a URL. */
  @IsString() confirm_url!: string;
}
