import { InternalServerErrorException, PayloadTooLargeException } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { BODY_ALREADY_READ } from '../crisp-webhooks.messages';

/** Where the body claimer keeps the content type it hid from the host's body parsers. */
export const CLAIMED_CONTENT_TYPE = Symbol('crisp-webhooks:content-type');

/** A request as the module sees it: Nest's `rawBody: true` option may already have kept the bytes. */
export type CrispIncomingRequest = IncomingMessage & { rawBody?: Buffer; [CLAIMED_CONTENT_TYPE]?: string };

/** The request's content type, wherever the body claimer left it. */
export const contentTypeOf = (request: CrispIncomingRequest): string =>
  (CLAIMED_CONTENT_TYPE in request ? request[CLAIMED_CONTENT_TYPE] : request.headers['content-type']) ?? '';

const tooLarge = (limit: number) =>
  new PayloadTooLargeException(`Crisp hook bodies are limited to ${limit} bytes by CrispWebhooksModule's bodyLimit.`);

/** The request body's bytes, refused with 413 as soon as they pass `limit`. */
export function readRawBody(request: CrispIncomingRequest, limit: number): Promise<Buffer> {
  if (Number(request.headers['content-length']) > limit) return Promise.reject(tooLarge(limit));
  if (request.rawBody) {
    return request.rawBody.length > limit ? Promise.reject(tooLarge(limit)) : Promise.resolve(request.rawBody);
  }
  if (request.readableEnded) return Promise.reject(new InternalServerErrorException(BODY_ALREADY_READ()));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(tooLarge(limit));
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError);
    };
    request.on('data', onData).on('end', onEnd).on('error', onError);
  });
}
