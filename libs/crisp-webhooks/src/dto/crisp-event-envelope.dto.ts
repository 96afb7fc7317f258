import { IsInt, IsNotEmpty, IsObject, IsString, Max, Min } from 'class-validator';

/** Largest timestamp a JavaScript Date (and PostgreSQL's timestamptz) can hold, in ms. */
const MAX_TIMESTAMP_MS = 8.64e15;

/**
 * The envelope every Crisp hook shares: `{ website_id, event, data, timestamp }`. A body that fails it
 * is not a Crisp hook and is answered 400, whatever the event.
 *
 * @publicApi
 */
export class CrispEventEnvelopeDto {
  /** The Crisp website (workspace) the event happened in, a UUID; `websites` and `websiteKeys` are checked on it. */
  @IsString()
  @IsNotEmpty()
  website_id!: string;

  /** The event's namespace, e.g. `message:send`; names outside the catalogue are stored and delivered as unknown. */
  @IsString()
  @IsNotEmpty()
  event!: string;

  /**
   * The event's payload, the same as the RTM API sends; its shape depends on `event` and is validated against the
   * event's DTO.
   */
  @IsObject()
  data!: Record<string, unknown>;

  /** When Crisp emitted the event, in ms since the epoch. */
  @IsInt()
  @Min(0)
  @Max(MAX_TIMESTAMP_MS)
  timestamp!: number;
}
