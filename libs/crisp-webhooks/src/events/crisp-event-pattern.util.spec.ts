// The DTOs of the catalogue use class-transformer's @Type, which needs the Reflect metadata API.
import 'reflect-metadata';
import { CrispWebhooksConfigurationError } from '../errors';
import {
  ANY_CRISP_EVENT,
  CRISP_EVENT_NAMES,
  expandCrispEventPattern,
  isCrispEventName,
} from './crisp-event-pattern.util';
import { CRISP_EVENT_DTOS } from './crisp-event.registry';

const MESSAGE_EVENTS = CRISP_EVENT_NAMES.filter((name) => name.split(':')[0] === 'message');

describe('Crisp event patterns', () => {
  it('lists every event of the catalogue once', () => {
    expect([...CRISP_EVENT_NAMES].sort()).toEqual(Object.keys(CRISP_EVENT_DTOS).sort());
    expect(new Set(CRISP_EVENT_NAMES).size).toBe(CRISP_EVENT_NAMES.length);
  });

  describe('isCrispEventName', () => {
    it.each(['message:send', 'session:sync:pages', 'website:users:available'])('knows %s', (name) => {
      expect(isCrispEventName(name)).toBe(true);
    });

    it.each([
      'message:reaction:added',
      'message',
      'MESSAGE:SEND',
      '',
      'constructor',
      'toString',
      '__proto__',
      42,
      null,
    ])('does not know %p', (name) => {
      expect(isCrispEventName(name)).toBe(false);
    });
  });

  describe('expandCrispEventPattern', () => {
    it('expands an exact name to itself', () => {
      expect(expandCrispEventPattern('message:send')).toEqual(['message:send']);
    });

    it("expands 'message:*' to all the message events and only them", () => {
      const names = expandCrispEventPattern('message:*');
      expect([...names].sort()).toEqual([...MESSAGE_EVENTS].sort());
      expect(names).toEqual(
        expect.arrayContaining(['message:send', 'message:received', 'message:acknowledge:read:send']),
      );
      expect(names.every((name) => name.startsWith('message:'))).toBe(true);
      expect(names).toHaveLength(13);
    });

    it.each([...new Set(CRISP_EVENT_NAMES.map((name) => name.split(':')[0]))])(
      "expands '%s:*' to exactly the events of that family",
      (family) => {
        const expected = CRISP_EVENT_NAMES.filter((name) => name.split(':')[0] === family);
        expect([...expandCrispEventPattern(`${family}:*`)].sort()).toEqual([...expected].sort());
      },
    );

    it("keeps '*' as '*', so that its handlers also get events Crisp adds later", () => {
      expect(expandCrispEventPattern(ANY_CRISP_EVENT)).toEqual(['*']);
    });

    it.each(['message:reaction:added', 'reaction:*', 'message', 'message:', ':*', 'message*', '**', ''])(
      'refuses %p with a configuration error naming it',
      (pattern) => {
        expect(() => expandCrispEventPattern(pattern)).toThrow(CrispWebhooksConfigurationError);
        expect(() => expandCrispEventPattern(pattern)).toThrow(`@OnCrispEvent('${pattern}')`);
      },
    );
  });
});
