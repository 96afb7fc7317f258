import { IsBoolean, IsNumber, IsOptional, IsString } from 'class-validator';

/** A Crisp plan as the website subscribes to it. @publicApi */
export class CrispPlanDto {
  /** The plan's id in Crisp. */
  @IsString() id!: string;
  /** The plan's name as Crisp shows it. */
  @IsString() name!: string;
  /** A whole number in the Go types (`uint16`); the event documents neither its currency nor its period. */
  @IsOptional() @IsNumber() price?: number | null;
  /** `true` while the website is on a trial of the plan. */
  @IsBoolean() trialing!: boolean;
}
