import {
  BadRequestException,
  Inject,
  Injectable,
  type PipeTransform,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import type { CrispWebhooksConfig } from '../interfaces';
import { exceedsJsonDepth } from './json-depth';
import { contentTypeOf, type CrispIncomingRequest, readRawBody } from './read-raw-body';
import { isStorableJson } from './storable-json';

/** A hook body read and parsed, with the bytes it came from. @internal */
export interface CrispParsedHook {
  readonly raw: Buffer;
  readonly body: unknown;
}

/** What the body pipe hands on: the parsed hook and its request, whose credentials are settled next. @internal */
export interface CrispReceivedHook extends CrispParsedHook {
  readonly request: CrispIncomingRequest;
}

/** Crisp's payloads nest a few levels; this leaves room for what it adds and stops stack-overflow bodies. */
const MAX_JSON_DEPTH = 32;
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/** Reads and parses a hook body: JSON only (415), within the body limit (413), well-formed (400). */
@Injectable()
export class CrispHookBodyPipe implements PipeTransform<CrispIncomingRequest, Promise<CrispReceivedHook>> {
  constructor(@Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig) {}

  async transform(request: CrispIncomingRequest): Promise<CrispReceivedHook> {
    if (!JSON_MEDIA_TYPE.test(contentTypeOf(request))) {
      throw new UnsupportedMediaTypeException('Crisp hooks are JSON: send Content-Type: application/json.');
    }
    const raw = await readRawBody(request, this.config.bodyLimit);
    if (exceedsJsonDepth(raw, MAX_JSON_DEPTH)) {
      throw new BadRequestException(`Body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    const text = raw.toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new BadRequestException(`Body is not valid JSON: ${(error as Error).message}`);
    }
    if (!isStorableJson(text, body)) {
      throw new BadRequestException('Body holds a \\u0000 character or an unpaired surrogate, which cannot be stored.');
    }
    return { raw, body, request };
  }
}
