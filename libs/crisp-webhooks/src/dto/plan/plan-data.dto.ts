import { IsBoolean, IsNumber, IsOptional, IsString } from 'class-validator';

/** A Crisp plan as the website subscribes to it. @publicApi */
export class CrispPlanDto {
  @IsString() id!: string;
  @IsString() name!: string;
  @IsOptional() @IsNumber() price?: number | null;
  @IsBoolean() trialing!: boolean;
}
