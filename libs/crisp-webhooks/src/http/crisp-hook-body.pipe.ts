import {
  BadRequestException,
  Inject,
  Injectable,
  type PipeTransform,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import type { CrispWebhooksConfig } from '../interfaces';
import { JSON_LONG_NUMBER, JSON_TOO_DEEP, scanJson } from './json-scan';
import { contentTypeOf, type CrispIncomingRequest, readRawBody } from './read-raw-body';
import { toStorableJson } from './storable-json';

/** A hook body read and parsed, with the bytes it came from. @internal */
export interface CrispParsedHook {
  readonly raw: Buffer;
  /** The parsed body, made storable: see `altered`. */
  readonly body: unknown;
  /**
   * Whether `body` says less than `raw`: bytes that are not UTF-8, a NUL or an unpaired surrogate (now
   * U+FFFD), a number a double does not hold exactly. The exact bytes are then stored beside the row.
   */
  readonly altered: boolean;
}

/** What the body pipe hands on: the parsed hook and its request, whose credentials are settled next. @internal */
export interface CrispReceivedHook extends CrispParsedHook {
  readonly request: CrispIncomingRequest;
}

/** Crisp's payloads nest a few levels; this leaves room for what it adds and stops stack-overflow bodies. */
const MAX_JSON_DEPTH = 32;
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Reads and parses a hook body: JSON only (415), within the body limit (413), well-formed (400). What
 * jsonb cannot hold is replaced rather than refused (Crisp does not resend a website hook), and the
 * hook is marked altered so that its exact bytes are kept.
 */
@Injectable()
export class CrispHookBodyPipe implements PipeTransform<CrispIncomingRequest, Promise<CrispReceivedHook>> {
  constructor(@Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig) {}

  async transform(request: CrispIncomingRequest): Promise<CrispReceivedHook> {
    if (!JSON_MEDIA_TYPE.test(contentTypeOf(request))) {
      throw new UnsupportedMediaTypeException('Crisp hooks are JSON: send Content-Type: application/json.');
    }
    const raw = await readRawBody(request, this.config.bodyLimit);
    const scan = scanJson(raw, MAX_JSON_DEPTH);
    if (scan & JSON_TOO_DEEP) {
      throw new BadRequestException(`Body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    const text = raw.toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new BadRequestException(`Body is not valid JSON: ${(error as Error).message}`);
    }
    const { value: body, altered } = toStorableJson(raw, text, parsed, (scan & JSON_LONG_NUMBER) !== 0);
    return { raw, body, altered, request };
  }
}
