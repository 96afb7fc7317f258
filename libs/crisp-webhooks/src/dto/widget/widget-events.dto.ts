import { IsIn, IsObject, IsOptional, IsString } from 'class-validator';
import { CrispSessionDataDto } from '../crisp-session-data.dto';

/** `widget:action:processed`: a plugin finished an action started from its widget. @publicApi */
export class WidgetActionProcessedDto extends CrispSessionDataDto {
  /** The plugin (its Marketplace id, a UUID) whose widget action this answers. */
  @IsString() plugin_id!: string;
  /** Matches the action's request to this answer. */
  @IsString() correlation_id!: string;
  /** A yes/no answer handlers branch on; a third value would be a different protocol. */
  @IsIn(['success', 'failure']) outcome!: 'success' | 'failure';
  /** What the plugin returned with its outcome; its shape is the plugin's own, so only the object itself is checked. */
  @IsOptional() @IsObject() result?: Record<string, unknown> | null;
}
