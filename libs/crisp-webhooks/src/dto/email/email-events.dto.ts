import { IsBoolean, IsString } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';

/** `email:subscribe`: an email address subscribed to or unsubscribed from the website's emails. @publicApi */
export class EmailSubscribeDto extends CrispWebsiteDataDto {
  /** The address as Crisp knows it, not checked as an email address. */
  @IsString() email!: string;
  /** `true` when the address subscribed, `false` when it unsubscribed. */
  @IsBoolean() subscribed!: boolean;
}

/** `email:track:view`: an email sent by Crisp (a campaign, a transcript...) was opened. @publicApi */
export class EmailTrackViewDto extends CrispWebsiteDataDto {
  /** What kind of email was opened; open-ended, Crisp documents no list. */
  @IsString() type!: string;
  /** Identifies the email that was opened; a plain string whose format Crisp does not document. */
  @IsString() identifier!: string;
  /** A plain string: Crisp's types document neither its meaning nor its values. */
  @IsString() mode!: string;
}
