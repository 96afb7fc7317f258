import { IsBoolean, IsObject, IsOptional, IsString } from 'class-validator';
import { CrispWebsiteDataDto } from '../crisp-session-data.dto';

/** `plugin:channel`: a plugin sent a message on its channel to the website. @publicApi */
export class PluginChannelDto extends CrispWebsiteDataDto {
  /** Sent by the Node types only. */
  @IsOptional() @IsString() type?: string | null;
  /** The plugin's id in the Crisp Marketplace, a UUID. */
  @IsString() plugin_id!: string;
  /** Optional in the Go types. */
  @IsOptional() @IsString() identifier?: string | null;
  /** The channel's namespace, as the plugin named it. */
  @IsString() namespace!: string;
  /** Whatever the plugin sent, any JSON value: not checked. */
  payload?: unknown | null;
}

/** `plugin:event`: a plugin emitted a custom event. @publicApi */
export class PluginEventDto extends CrispWebsiteDataDto {
  /** The plugin's id in the Crisp Marketplace, a UUID. */
  @IsString() plugin_id!: string;
  /** The plugin's URN (`urn:...`), its stable public name. */
  @IsString() urn!: string;
  /** The custom event's name, as the plugin chose it. */
  @IsString() name!: string;
  /** The plugin's own payload; only the object itself is checked. */
  @IsObject() data!: Record<string, unknown>;
}

/** `plugin:subscription:updated`: a plugin was installed on or removed from the website. @publicApi */
export class PluginSubscriptionUpdatedDto extends CrispWebsiteDataDto {
  /** The plugin's id in the Crisp Marketplace, a UUID. */
  @IsString() plugin_id!: string;
  /** `true` when the plugin was installed on (bound to) the website, `false` when it was removed. */
  @IsBoolean() bound!: boolean;
  /** A plain string: Crisp's types document neither its meaning nor its values. */
  @IsString() target!: string;
}

/** `plugin:settings:saved`: a plugin's settings for the website were saved. @publicApi */
export class PluginSettingsSavedDto extends CrispWebsiteDataDto {
  /** The plugin's id in the Crisp Marketplace, a UUID. */
  @IsString() plugin_id!: string;
  /** The plugin's own settings; only the object itself is checked. */
  @IsObject() settings!: Record<string, unknown>;
}
