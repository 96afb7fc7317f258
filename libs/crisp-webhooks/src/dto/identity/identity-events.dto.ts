import { IsString } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';

/** `identity:verify:request`: a plugin is asked to send a verification code to the visitor. @publicApi */
export class IdentityVerifyRequestDto extends CrispSessionDataDto {
  @IsString() plugin_id!: string;
  /** Where to send the code (an email address, a phone number), as the visitor gave it. */
  @IsString() target!: string;
  @IsString() code!: string;
  /** Passed through to the visitor, not checked as a URL. */
  @IsString() confirm_url!: string;
}
