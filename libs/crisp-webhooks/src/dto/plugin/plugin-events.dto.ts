import { IsBoolean, IsObject, IsOptional, IsString } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';

/** `plugin:channel`: a plugin sent a message on its channel to the website. @publicApi */
export class PluginChannelDto extends CrispWebsiteDataDto {
  /** Sent by the Node types only. */
  @IsOptional() @IsString() type?: string | null;
  @IsString() plugin_id!: string;
  /** Optional in the Go types. */
  @IsOptional() @IsString() identifier?: string | null;
  @IsString() namespace!: string;
  /** Whatever the plugin sent, any JSON value: not checked. */
  payload?: unknown | null;
}

/** `plugin:event`: a plugin emitted a custom event. @publicApi */
export class PluginEventDto extends CrispWebsiteDataDto {
  @IsString() plugin_id!: string;
  @IsString() urn!: string;
  @IsString() name!: string;
  /** The plugin's own payload; only the object itself is checked. */
  @IsObject() data!: Record<string, unknown>;
}

/** `plugin:subscription:updated`: a plugin was installed on or removed from the website. @publicApi */
export class PluginSubscriptionUpdatedDto extends CrispWebsiteDataDto {
  @IsString() plugin_id!: string;
  @IsBoolean() bound!: boolean;
  @IsString() target!: string;
}

/** `plugin:settings:saved`: a plugin's settings for the website were saved. @publicApi */
export class PluginSettingsSavedDto extends CrispWebsiteDataDto {
  @IsString() plugin_id!: string;
  /** The plugin's own settings; only the object itself is checked. */
  @IsObject() settings!: Record<string, unknown>;
}
