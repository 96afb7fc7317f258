import { IsNumber, IsObject, IsOptional, IsString } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';

/** `spam:message`: an incoming message was held as spam. @publicApi */
export class SpamMessageDto extends CrispWebsiteDataDto {
  /** Sent by the Node types only. */
  @IsOptional() @IsString() spam_id?: string | null;
  /** The kind of message held (e.g. `email`); open-ended. */
  @IsString() type!: string;
  /** Why Crisp held the message, as a plain string; Crisp documents no list of reasons. */
  @IsString() reason!: string;
  /** What Crisp attached about the held message; its keys are not documented, so it is kept as sent. */
  @IsOptional() @IsObject() metadata?: Record<string, unknown> | null;
  /** The email headers of a held email. */
  @IsOptional() @IsObject() headers?: Record<string, string> | null;
  /** When the message was held, as a number (Crisp's types give no unit; message timestamps are ms since the epoch). */
  @IsNumber() timestamp!: number;
}

/** `spam:decision`: an operator decided on a message held as spam. @publicApi */
export class SpamDecisionDto extends CrispWebsiteDataDto {
  /** Sent by the Node types only. */
  @IsOptional() @IsString() spam_id?: string | null;
  /** What was decided; a plain string because Crisp documents no closed list. */
  @IsString() action!: string;
}
