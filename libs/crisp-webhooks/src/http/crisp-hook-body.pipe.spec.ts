import 'reflect-metadata';
import {
  BadRequestException,
  HttpException,
  InternalServerErrorException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { CrispHookBodyPipe } from './crisp-hook-body.pipe';
import { resolveCrispWebhooksConfig } from '../config/crisp-webhooks.config';
import { crispEvent } from '../testing';
import { CLAIMED_CONTENT_TYPE, type CrispIncomingRequest } from './read-raw-body';

const JSON_TYPE = { 'content-type': 'application/json' };

/** A real IncomingMessage with `headers`, whose body streams as `chunks` then ends. */
function incoming(
  chunks: readonly (string | Buffer)[],
  headers: IncomingHttpHeaders = JSON_TYPE,
): CrispIncomingRequest {
  const request: CrispIncomingRequest = new IncomingMessage(new Socket());
  request.headers = headers;
  for (const chunk of chunks) request.push(chunk);
  request.push(null);
  return request;
}

const hookText = () => JSON.stringify(crispEvent('message:send'));

/** `depth` arrays nested in one another: `[[[…]]]`. */
const nestedArrays = (depth: number): unknown => (depth === 0 ? 'bottom' : [nestedArrays(depth - 1)]);

describe('CrispHookBodyPipe', () => {
  const pipe = (bodyLimit = 1024 * 1024) =>
    new CrispHookBodyPipe(resolveCrispWebhooksConfig({ keys: ['k'], bodyLimit }));

  /** The HTTP error the pipe refuses `request` with. */
  async function refusal(request: CrispIncomingRequest, bodyLimit?: number): Promise<HttpException> {
    const error: unknown = await pipe(bodyLimit)
      .transform(request)
      .then(
        () => new Error('the pipe accepted the body'),
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(HttpException);
    return error as HttpException;
  }

  describe('content type', () => {
    it.each([
      ['text/plain', { 'content-type': 'text/plain' }],
      ['a form', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }],
      ['another JSON-like type', { 'content-type': 'application/json-patch+json' }],
      ['no content type', {}],
    ])('answers 415 to %s', async (_label, headers) => {
      const error = await refusal(incoming([hookText()], headers));
      expect(error).toBeInstanceOf(UnsupportedMediaTypeException);
      expect(error.getStatus()).toBe(415);
    });

    it.each(['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8'])(
      'accepts %s',
      async (contentType) => {
        const { body } = await pipe().transform(incoming([hookText()], { 'content-type': contentType }));
        expect(body).toEqual(crispEvent('message:send'));
      },
    );

    it('reads the content type the body claimer moved aside, where the header was removed', async () => {
      const request = incoming([hookText()], {});
      request[CLAIMED_CONTENT_TYPE] = 'application/json; charset=utf-8';
      await expect(pipe().transform(request)).resolves.toMatchObject({ body: crispEvent('message:send') });
    });

    it('trusts the claimed content type over the header', async () => {
      const request = incoming([hookText()], JSON_TYPE);
      request[CLAIMED_CONTENT_TYPE] = 'text/plain';
      expect(await refusal(request)).toBeInstanceOf(UnsupportedMediaTypeException);
    });

    it('treats a claimed but absent content type as missing', async () => {
      const request = incoming([hookText()], JSON_TYPE);
      request[CLAIMED_CONTENT_TYPE] = undefined;
      expect(await refusal(request)).toBeInstanceOf(UnsupportedMediaTypeException);
    });
  });

  describe('body limit', () => {
    const text = hookText();
    const size = Buffer.byteLength(text);

    it('accepts a body of exactly bodyLimit bytes', async () => {
      const { raw } = await pipe(size).transform(incoming([text], { ...JSON_TYPE, 'content-length': String(size) }));
      expect(raw.length).toBe(size);
    });

    it('answers 413 when Content-Length announces more than bodyLimit, without reading the body', async () => {
      const request = incoming([text], { ...JSON_TYPE, 'content-length': String(size + 1) });
      const error = await refusal(request, size);
      expect(error).toBeInstanceOf(PayloadTooLargeException);
      expect(error.getStatus()).toBe(413);
      expect(request.readableEnded).toBe(false);
    });

    it('answers 413 when the streamed bytes pass bodyLimit and no Content-Length was sent', async () => {
      const error = await refusal(incoming([text.slice(0, 10), text.slice(10), ' '], JSON_TYPE), size);
      expect(error).toBeInstanceOf(PayloadTooLargeException);
    });

    it('answers 413 when a body Nest kept (rawBody) passes bodyLimit', async () => {
      const request = incoming([], JSON_TYPE);
      request.rawBody = Buffer.from(`${text} `);
      expect(await refusal(request, size)).toBeInstanceOf(PayloadTooLargeException);
    });
  });

  describe('JSON checks', () => {
    it('answers 400 to malformed JSON', async () => {
      const error = await refusal(incoming([hookText().slice(0, -1)]));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toMatch(/not valid JSON/);
    });

    it('accepts objects and arrays nested 32 levels deep', async () => {
      // The envelope is level 1 and `data` level 2: 30 more arrays make 32 levels.
      const text = JSON.stringify(crispEvent('message:send', { data: { nested: nestedArrays(30) } }));
      await expect(pipe().transform(incoming([text]))).resolves.toMatchObject({ body: JSON.parse(text) });
    });

    it('answers 400 to a body nested deeper than 32 levels', async () => {
      const text = JSON.stringify(crispEvent('message:send', { data: { nested: nestedArrays(31) } }));
      const error = await refusal(incoming([text]));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toMatch(/deeper than 32/);
    });

    it('does not count brackets inside strings as nesting', async () => {
      const content = '[{"\\'.repeat(40);
      const text = JSON.stringify(crispEvent('message:send', { data: { content } }));
      const { body } = await pipe().transform(incoming([text]));
      expect(body).toMatchObject({ data: { content } });
    });

    it.each([
      ['a \\u0000 escape', 'a\u0000b'],
      ['an unpaired high surrogate escape \\ud800', 'a\ud800b'],
      ['an unpaired low surrogate escape \\udc00', 'a\udc00b'],
    ])('accepts a string holding %s, which jsonb cannot store, as U+FFFD, marked altered', async (_label, content) => {
      const text = JSON.stringify(crispEvent('message:send', { data: { content } }));
      expect(text).toMatch(/\\u(0000|d[89a-f])/i);
      const { raw, body, altered } = await pipe().transform(incoming([text]));
      expect(body).toMatchObject({ data: { content: 'a\uFFFDb' } });
      expect(altered).toBe(true);
      expect(raw.toString()).toBe(text);
    });

    it('replaces a \\u0000 escape in a key', async () => {
      const text = JSON.stringify(crispEvent('message:send', { data: { 'a\u0000b': 1 } }));
      const { body, altered } = await pipe().transform(incoming([text]));
      expect((body as { data: object }).data).toHaveProperty(['a\uFFFDb'], 1);
      expect(altered).toBe(true);
    });

    it('keeps a key that becomes __proto__ a plain property', async () => {
      const text = JSON.stringify(crispEvent('message:send')).replace(
        '"data":{',
        '"data":{"__proto_\\ud800":{"polluted":1},',
      );
      const { body } = await pipe().transform(incoming([text]));
      const { data } = body as { data: Record<string, unknown> };
      expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
      expect(Object.keys(data)).toContain('__proto_\uFFFD');
    });

    it('marks bytes that are not UTF-8 as altered (decoded as U+FFFD), not a genuine U+FFFD', async () => {
      const [before, after] = hookText().split('Hey');
      const bad = Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]);
      const decoded = await pipe().transform(incoming([bad]));
      expect(decoded).toMatchObject({ altered: true, body: { data: { content: '\uFFFD( :)' } } });
      expect(decoded.raw.equals(bad)).toBe(true);
      const genuine = await pipe().transform(incoming([hookText().replace('Hey', '\uFFFD')]));
      expect(genuine.altered).toBe(false);
    });

    it.each([
      ['an integer past 2^53', '12345678901234567890', 12345678901234567000],
      ['an odd integer past 2^53', '9007199254740993', 9007199254740992],
      ['a number past a double', '1e400', null],
      ['a number below a double', '-1e-20000', -0],
      ['more digits than a double holds', '0.10000000000000000555', 0.1],
    ])('marks %s as altered; handlers get the nearest double, null out of range', async (_label, token, value) => {
      const text = hookText().replace(/"fingerprint":\d+/, `"fingerprint":${token}`);
      expect(text).toContain(token);
      const { body, altered } = await pipe().transform(incoming([text]));
      expect(altered).toBe(true);
      expect((body as { data: { fingerprint: unknown } }).data.fingerprint).toBe(value);
    });

    it.each(['1e2', '1.50', '-0', '0.000000000000000000001', '1234567890123456e3', '9007199254740992'])(
      'does not mark %s, which a double keeps exactly, as altered',
      async (token) => {
        const text = hookText().replace(/"fingerprint":\d+/, `"fingerprint":${token}`);
        await expect(pipe().transform(incoming([text]))).resolves.toMatchObject({ altered: false });
      },
    );

    it('does not mark an ordinary hook, nor digits and exponents inside strings, as altered', async () => {
      const text = JSON.stringify(
        crispEvent('message:send', { data: { content: '12345678901234567890 1e400 \\u0000' } }),
      );
      await expect(pipe().transform(incoming([text]))).resolves.toMatchObject({ altered: false });
      await expect(pipe().transform(incoming([hookText()]))).resolves.toMatchObject({ altered: false });
    });

    it('accepts a surrogate pair written as escapes', async () => {
      const text = hookText().replace('Hey :)', 'Hey \\ud83d\\ude00');
      const { body } = await pipe().transform(incoming([text]));
      expect(body).toMatchObject({ data: { content: 'Hey \u{1F600}' } });
    });
  });

  describe('raw bytes', () => {
    it('returns bytes identical to those sent, even when a UTF-8 character is split across chunks', async () => {
      const bytes = Buffer.from(JSON.stringify(crispEvent('message:send', { data: { content: 'Salut, ça va ? 😀' } })));
      const split = bytes.indexOf(Buffer.from('ç')) + 1;
      const { raw, body } = await pipe().transform(incoming([bytes.subarray(0, split), bytes.subarray(split)]));
      expect(raw.equals(bytes)).toBe(true);
      expect(body).toMatchObject({ data: { content: 'Salut, ça va ? 😀' } });
    });

    it('uses the bytes Nest kept (rawBody) instead of reading the stream', async () => {
      const kept = Buffer.from(hookText());
      const request = incoming([JSON.stringify(crispEvent('session:set_email'))]);
      request.rawBody = kept;
      const { raw, body } = await pipe().transform(request);
      expect(raw).toBe(kept);
      expect(body).toEqual(crispEvent('message:send'));
    });

    it('answers 500 with a hint when a body parser already consumed the stream', async () => {
      const request = incoming([hookText()]);
      request.resume();
      await new Promise((resolve) => request.once('end', resolve));
      const error = await refusal(request);
      expect(error).toBeInstanceOf(InternalServerErrorException);
      expect(error.message).toMatch(/rawBody: true/);
    });
  });
});
