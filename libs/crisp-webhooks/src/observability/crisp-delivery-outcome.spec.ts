import { ServerResponse, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { crispDeliveryNoteOf, crispDeliveryOutcome, noteCrispDelivery } from './crisp-delivery-outcome';

const note = (changes: { id?: string | null; duplicate?: boolean } = {}) => ({
  event: 'message:send',
  websiteId: 'w',
  id: null,
  duplicate: false,
  ...changes,
});

describe('crispDeliveryOutcome', () => {
  it.each([
    [200, note({ id: '1' }), 'stored'],
    [200, note({ duplicate: true }), 'duplicate'],
    [202, note({ id: '1' }), 'quarantined'],
    [400, undefined, 'bad_input'],
    [415, undefined, 'bad_input'],
    [401, undefined, 'unauthorized'],
    [403, undefined, 'forbidden'],
    [413, undefined, 'too_large'],
    [429, undefined, 'rate_limited'],
    [503, note(), 'unavailable'],
    [500, note({ id: '1' }), 'handler_failed'],
    [500, undefined, 'error'],
    [200, undefined, 'error'],
    [404, undefined, 'error'],
  ] as const)('status %i (%p) is %s', (status, noted, outcome) => {
    expect(crispDeliveryOutcome(status, noted)).toBe(outcome);
  });

  it('keeps the note on the response it was started on', () => {
    const response = new ServerResponse(new IncomingMessage(new Socket()));
    expect(crispDeliveryNoteOf(response)).toBeUndefined();
    const started = noteCrispDelivery(response, 'message:send', 'w');
    started.id = '7';
    expect(crispDeliveryNoteOf(response)).toEqual(note({ id: '7' }));
  });
});
