import { IsString } from 'class-validator';

/** One monitored node of a status page. @publicApi */
export class CrispStatusNodeDto {
  /** The node's name as the status page shows it. */
  @IsString() label!: string;
  /** Which replica of the node this is, as a plain string Crisp does not document further. */
  @IsString() replica!: string;
}
