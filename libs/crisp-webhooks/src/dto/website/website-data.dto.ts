import { IsString } from 'class-validator';

/** An operator's availability (`website:update_operators_availability`). @publicApi */
export class CrispOperatorAvailabilityDto {
  /** `'online'` or `'offline'` in the Node types; a plain string because Crisp's availabilities also know `'away'`. */
  @IsString() type!: string;
}
