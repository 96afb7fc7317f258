import { Type } from 'class-transformer';
import { IsNumber, IsObject, IsString, ValidateNested } from 'class-validator';

/** What a bucket URL is for, e.g. `{ type: 'website', id: '<website_id>' }`. @publicApi */
export class CrispBucketResourceDto {
  /** The kind of thing the upload belongs to, as named in the REST request (e.g. `website`). */
  @IsString() type!: string;
  /** The id of that thing (e.g. the website's id). */
  @IsString() id!: string;
}

/** Limits of the upload a bucket URL allows. @publicApi */
export class CrispBucketPolicyDto {
  /** In bytes. */
  @IsNumber() size_limit!: number;
}

/** The URLs of a bucket file: where it will be, and where to upload it. @publicApi */
export class CrispBucketUrlDto {
  /** Where the file will be readable once uploaded: the URL to store or send in a message. */
  @IsString() resource!: string;
  /** The signed URL to upload the file to; only its holder may upload, so do not log it. */
  @IsString() signed!: string;
}

/**
 * The answer to a REST request for an upload URL (`bucket:url:*:generated`). It has no
 * `website_id`: it is keyed by the request's `id`; the envelope still names the website.
 * @publicApi
 */
export class CrispBucketUrlGeneratedDataDto {
  /** A plain string: Crisp's types document neither its meaning nor its values. */
  @IsString() from!: string;
  /** The id the REST request was made with, which the answer is matched to. */
  @IsString() id!: string;
  /** A plain string, kept as sent: Crisp's types document neither its meaning nor its format. */
  @IsString() identifier!: string;
  /** A plain string, undocumented beyond that (the REST request's `file.type` is a MIME type). */
  @IsString() type!: string;

  /** What the upload belongs to, as the REST request named it. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispBucketResourceDto)
  resource!: CrispBucketResourceDto;

  /** The limits the upload must respect. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispBucketPolicyDto)
  policy!: CrispBucketPolicyDto;

  /** Where to upload the file, and where it will be. */
  @IsObject()
  @ValidateNested()
  @Type(() => CrispBucketUrlDto)
  url!: CrispBucketUrlDto;
}
