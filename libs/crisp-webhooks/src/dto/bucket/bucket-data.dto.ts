import { Type } from 'class-transformer';
import { IsNumber, IsObject, IsString, ValidateNested } from 'class-validator';

/** What a bucket URL is for, e.g. `{ type: 'website', id: '<website_id>' }`. @publicApi */
export class CrispBucketResourceDto {
  @IsString() type!: string;
  @IsString() id!: string;
}

/** Limits of the upload a bucket URL allows. @publicApi */
export class CrispBucketPolicyDto {
  /** In bytes. */
  @IsNumber() size_limit!: number;
}

/** The URLs of a bucket file: where it will be, and where to upload it. @publicApi */
export class CrispBucketUrlDto {
  @IsString() resource!: string;
  @IsString() signed!: string;
}

/**
 * The answer to a REST request for an upload URL (`bucket:url:*:generated`). It has no
 * `website_id`: it is keyed by the request's `id`; the envelope still names the website.
 * @publicApi
 */
export class CrispBucketUrlGeneratedDataDto {
  @IsString() from!: string;
  /** The id the REST request was made with, which the answer is matched to. */
  @IsString() id!: string;
  @IsString() identifier!: string;
  @IsString() type!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CrispBucketResourceDto)
  resource!: CrispBucketResourceDto;

  @IsObject()
  @ValidateNested()
  @Type(() => CrispBucketPolicyDto)
  policy!: CrispBucketPolicyDto;

  @IsObject()
  @ValidateNested()
  @Type(() => CrispBucketUrlDto)
  url!: CrispBucketUrlDto;
}
