import { Type } from 'class-transformer';
import { IsArray, IsString, ValidateNested } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';
import { CrispStatusNodeDto } from './status-data.dto';

/** `status:health:changed`: the health of the website's status page changed. @publicApi */
export class StatusHealthChangedDto extends CrispWebsiteDataDto {
  /** `'healthy'`, `'sick'` or `'dead'` today; a plain string so that a new health level is not refused. */
  @IsString() health!: string;

  /** The monitored nodes, as Crisp lists them with the change. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CrispStatusNodeDto)
  nodes!: CrispStatusNodeDto[];
}
