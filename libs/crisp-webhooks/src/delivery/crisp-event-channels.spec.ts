// The DTOs of the catalogue use class-transformer's @Type, which needs the Reflect metadata API.
import 'reflect-metadata';
import { CRISP_EVENT_NAMES } from '../events/crisp-event-pattern.util';
import { crispEventChannel, crispHandlerChannels } from './crisp-event-channels';

describe('Crisp event channels', () => {
  describe('crispEventChannel', () => {
    it('emits a known event on its name under the crisp. prefix', () => {
      expect(crispEventChannel('message:send')).toBe('crisp.message:send');
    });

    it('emits every unknown event on one channel', () => {
      expect(crispEventChannel('message:reaction:added')).toBe('crisp.unknown');
      expect(crispEventChannel('constructor')).toBe('crisp.unknown');
    });
  });

  describe('crispHandlerChannels', () => {
    it('subscribes an exact name to its channel only', () => {
      expect(crispHandlerChannels('message:send')).toEqual(['crisp.message:send']);
    });

    it("subscribes '*' to every known event and to the unknown channel", () => {
      const channels = crispHandlerChannels('*');
      expect([...channels].sort()).toEqual(
        [...CRISP_EVENT_NAMES.map((name) => `crisp.${name}`), crispEventChannel('not:an:event')].sort(),
      );
      expect(channels).toHaveLength(CRISP_EVENT_NAMES.length + 1);
    });
  });
});
