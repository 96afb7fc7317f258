import { IsString } from 'class-validator';

/** One monitored node of a status page. @publicApi */
export class CrispStatusNodeDto {
  @IsString() label!: string;
  @IsString() replica!: string;
}
