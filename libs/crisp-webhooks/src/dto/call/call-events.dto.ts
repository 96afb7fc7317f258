import { IsString } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';

/** `call:request:initiated`: an audio or video call was requested in the conversation. @publicApi */
export class CallRequestInitiatedDto extends CrispSessionDataDto {
  /** The call's id, which Crisp's REST routes about calls take. */
  @IsString() call_id!: string;
}

/** `call:request:rejected`: a call request was refused. @publicApi */
export class CallRequestRejectedDto extends CrispSessionDataDto {
  /** The refused call's id, as in its `call:request:initiated`. */
  @IsString() call_id!: string;
}
