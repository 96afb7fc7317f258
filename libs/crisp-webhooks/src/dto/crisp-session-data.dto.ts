import { IsOptional, IsString } from 'class-validator';

/** Fields of the `data` of every event that happens in a website, inherited by most event DTOs. @publicApi */
export class CrispWebsiteDataDto {
  /** The Crisp website (workspace) the event happened in, a UUID; usually the same as the envelope's. */
  @IsString()
  website_id!: string;
}

/** Fields of the `data` of every event that happens in a conversation (session). @publicApi */
export class CrispSessionDataDto extends CrispWebsiteDataDto {
  /** The conversation the event is about, e.g. `session_700c65e1-...`: the id REST calls about it take. */
  @IsString()
  session_id!: string;

  /** Crisp sends `null` for the default inbox and omits it on older accounts. */
  @IsOptional()
  @IsString()
  inbox_id?: string | null;
}
