import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { CrispEventValidationPipe, type CrispValidatedHook } from './crisp-event-validation.pipe';
import { resolveCrispWebhooksConfig } from '../config/crisp-webhooks.config';
import { CrispMessageUserDto } from '../dto/message/message-data.dto';
import { MessageSendDto } from '../dto/message/message-events.dto';
import { SessionSetEmailDto } from '../dto/session/session-events.dto';
import type { CrispWebhooksModuleOptions } from '../interfaces';
import { crispEvent } from '../testing';
import type { CrispFieldError } from './validation-errors';

/** A value no validation message should ever repeat. */
const SECRET_VALUE = 'SECRET-VALUE-8d41c7e0';

const pipeWith = (invalidEvents: CrispWebhooksModuleOptions['invalidEvents']) =>
  new CrispEventValidationPipe(resolveCrispWebhooksConfig({ keys: ['k'], invalidEvents }));

/** What CrispHookBodyPipe hands on for `body`. */
const parsed = (body: unknown) => ({ raw: Buffer.from(JSON.stringify(body) ?? ''), body, altered: false });

/** The 400 `transform` throws, and its response body. */
function refusal(pipe: CrispEventValidationPipe, body: unknown) {
  let thrown: unknown;
  try {
    pipe.transform(parsed(body));
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(BadRequestException);
  const error = thrown as BadRequestException;
  return { error, response: error.getResponse() as { message: string; errors: CrispFieldError[] } };
}

/**
 * `body` parsed from JSON with a leading top-level `"__proto__"` key: JSON.parse makes it an own key,
 * which `Object.assign` would turn into the prototype of its target.
 */
const withProtoKey = (body: object, proto: object) =>
  JSON.parse(`{"__proto__":${JSON.stringify(proto)},${JSON.stringify(body).slice(1)}`) as Record<string, unknown>;

const pathsOf = (errors: readonly CrispFieldError[] | null) => (errors ?? []).map((error) => error.path).sort();

/** A valid `message:send` whose `data` breaks three of its rules, one of them nested, with SECRET_VALUE. */
function invalidMessageSend() {
  const body = crispEvent('message:send');
  body.data.fingerprint = SECRET_VALUE;
  body.data.from = { forged: SECRET_VALUE };
  body.data.user = { nickname: 42, user_id: SECRET_VALUE.length };
  return body;
}
const INVALID_MESSAGE_SEND_PATHS = ['data.fingerprint', 'data.from', 'data.user.nickname', 'data.user.user_id'];

describe('CrispEventValidationPipe', () => {
  const quarantine = pipeWith('quarantine');
  const reject = pipeWith('reject');

  describe('envelope', () => {
    it('refuses an envelope with every field wrong, naming each path', () => {
      const body = { ...crispEvent('message:send'), website_id: 42, event: '', timestamp: -1, data: SECRET_VALUE };
      const { response } = refusal(quarantine, body);
      expect(response.errors.map((error) => error.path).sort()).toEqual(['data', 'event', 'timestamp', 'website_id']);
      expect(response.message).toMatch(/envelope/);
    });

    it.each([
      ['website_id', { website_id: undefined }],
      ['event', { event: 7 }],
      ['timestamp', { timestamp: 1.5 }],
      ['timestamp', { timestamp: 8.64e15 + 1 }],
      ['data', { data: null }],
      ['data', { data: [] }],
    ])('refuses an envelope whose %s is wrong: %j', (path, override) => {
      const { response } = refusal(reject, { ...crispEvent('message:send'), ...override });
      expect(response.errors.map((error) => error.path)).toEqual([path]);
    });

    it.each([
      ['an array', [crispEvent('message:send')]],
      ['a string', 'message:send'],
      ['a number', 42],
      ['null', null],
    ])('refuses %s as a body with 400', (_label, body) => {
      const { error, response } = refusal(quarantine, body);
      expect(error.getStatus()).toBe(400);
      expect(response.errors).toEqual([]);
    });

    it.each([
      ['website_id', { website_id: 42 }],
      ['timestamp', { timestamp: 'yesterday' }],
    ])('refuses a body with a top-level "__proto__" key and a wrong %s with 400', (path, override) => {
      const body = withProtoKey({ ...crispEvent('message:send'), ...override }, { polluted: true });
      expect(Object.keys(body)).toContain('__proto__');
      const { error, response } = refusal(reject, body);
      expect(error.getStatus()).toBe(400);
      expect(response.errors.map((error) => error.path)).toEqual([path]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('accepts a valid body with a top-level "__proto__" key, whose data keeps nothing of it', () => {
      const body = withProtoKey(crispEvent('message:send'), { website_id: 'forged' });
      const hook = reject.transform(parsed(body));
      expect(hook).toMatchObject({ websiteId: crispEvent('message:send').website_id, known: true, errors: null });
      expect(hook.payload).toBeInstanceOf(MessageSendDto);
    });

    it('never echoes the values submitted', () => {
      const body = {
        ...crispEvent('message:send'),
        website_id: [SECRET_VALUE],
        event: { SECRET_VALUE },
        timestamp: SECRET_VALUE,
      };
      const { error, response } = refusal(quarantine, body);
      expect(JSON.stringify(response)).not.toContain(SECRET_VALUE);
      expect(error.message).not.toContain(SECRET_VALUE);
    });
  });

  describe('a known event with valid data', () => {
    it('passes the envelope on with the data as an instance of the event DTO', () => {
      const body = crispEvent('message:send');
      const input = parsed(body);
      const hook = quarantine.transform(input);
      expect(hook).toMatchObject({
        raw: input.raw,
        websiteId: body.website_id,
        event: 'message:send',
        timestamp: body.timestamp,
        data: body.data,
        known: true,
        errors: null,
      });
      expect(hook.payload).toBeInstanceOf(MessageSendDto);
      expect((hook.payload as MessageSendDto).user).toBeInstanceOf(CrispMessageUserDto);
      expect(hook.payload).toMatchObject(body.data);
    });

    it('picks the DTO of the event named', () => {
      expect(reject.transform(parsed(crispEvent('session:set_email'))).payload).toBeInstanceOf(SessionSetEmailDto);
    });

    it('keeps fields the DTO does not declare, in data and in the payload', () => {
      const body = crispEvent('message:send', { data: { reactions: ['👍'], brand_new: { level: 1 } } });
      const hook = reject.transform(parsed(body));
      expect(hook.errors).toBeNull();
      expect(hook.data).toMatchObject({ reactions: ['👍'], brand_new: { level: 1 } });
      expect(hook.payload).toMatchObject({ reactions: ['👍'], brand_new: { level: 1 } });
    });
  });

  describe('an event outside the catalogue', () => {
    it('passes unchecked, with the plain data as payload', () => {
      const body = { ...crispEvent('message:send'), event: 'message:reaction:added', data: { anything: SECRET_VALUE } };
      const hook = reject.transform(parsed(body));
      expect(hook).toMatchObject({ event: 'message:reaction:added', known: false, errors: null });
      expect(hook.payload).toBe(body.data);
      expect(Object.getPrototypeOf(hook.payload)).toBe(Object.prototype);
    });

    it('is not mistaken for a known event by a name inherited from Object.prototype', () => {
      const hook = reject.transform(parsed({ ...crispEvent('message:send'), event: 'constructor' }));
      expect(hook.known).toBe(false);
    });
  });

  describe('a known event with invalid data', () => {
    it("in 'quarantine' mode, passes it on with the failing data.<field> paths and throws nothing", () => {
      let hook: CrispValidatedHook | undefined;
      expect(() => (hook = quarantine.transform(parsed(invalidMessageSend())))).not.toThrow();
      expect(hook?.known).toBe(true);
      expect(pathsOf(hook?.errors ?? null)).toEqual(INVALID_MESSAGE_SEND_PATHS);
      for (const error of hook?.errors ?? []) expect(error.messages.length).toBeGreaterThan(0);
    });

    it("in 'quarantine' mode, keeps the data exactly as sent, for storage", () => {
      expect(quarantine.transform(parsed(invalidMessageSend())).data).toEqual(invalidMessageSend().data);
    });

    it("in 'reject' mode, refuses it with 400 and the same errors", () => {
      const quarantined = quarantine.transform(parsed(invalidMessageSend()));
      const { error, response } = refusal(reject, invalidMessageSend());
      expect(error.getStatus()).toBe(400);
      expect(response.errors).toEqual(quarantined.errors);
      expect(response.message).toMatch(/message:send/);
    });

    it('reports a missing required field by its path', () => {
      const body = crispEvent('message:send');
      delete body.data.session_id;
      expect(pathsOf(quarantine.transform(parsed(body)).errors)).toEqual(['data.session_id']);
    });

    it('never echoes the values submitted', () => {
      const hook = quarantine.transform(parsed(invalidMessageSend()));
      expect(JSON.stringify(hook.errors)).not.toContain(SECRET_VALUE);
      const { error, response } = refusal(reject, invalidMessageSend());
      expect(JSON.stringify(response)).not.toContain(SECRET_VALUE);
      expect(error.message).not.toContain(SECRET_VALUE);
    });
  });
});
