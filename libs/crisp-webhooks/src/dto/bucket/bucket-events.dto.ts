import { CrispBucketUrlGeneratedDataDto } from './bucket-data.dto';

/** `bucket:url:upload:generated`: an upload URL for a file (e.g. a message attachment) was generated. @publicApi */
export class BucketUrlUploadGeneratedDto extends CrispBucketUrlGeneratedDataDto {}

/** `bucket:url:avatar:generated`: an upload URL for an avatar was generated. @publicApi */
export class BucketUrlAvatarGeneratedDto extends CrispBucketUrlGeneratedDataDto {}

/** `bucket:url:website:generated`: an upload URL for a website file was generated. @publicApi */
export class BucketUrlWebsiteGeneratedDto extends CrispBucketUrlGeneratedDataDto {}

/** `bucket:url:campaign:generated`: an upload URL for a campaign file was generated. @publicApi */
export class BucketUrlCampaignGeneratedDto extends CrispBucketUrlGeneratedDataDto {}

/** `bucket:url:helpdesk:generated`: an upload URL for a helpdesk file was generated. @publicApi */
export class BucketUrlHelpdeskGeneratedDto extends CrispBucketUrlGeneratedDataDto {}

/** `bucket:url:status:generated`: an upload URL for a status page file was generated. @publicApi */
export class BucketUrlStatusGeneratedDto extends CrispBucketUrlGeneratedDataDto {}

/** `bucket:url:processing:generated`: an upload URL for a file to process was generated. @publicApi */
export class BucketUrlProcessingGeneratedDto extends CrispBucketUrlGeneratedDataDto {}
