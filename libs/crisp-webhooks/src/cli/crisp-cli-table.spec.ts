import type { CrispEventDetail } from '../admin/crisp-event-summary';
import { crispCliEventDetail, crispCliEventsTable, crispCliTable, crispCliTime } from './crisp-cli-table';

const AT = new Date('2026-12-02T15:04:05.678Z');
const EVENT: CrispEventDetail = {
  id: '12',
  event: 'message:send',
  websiteId: 'website',
  sessionId: 'session_a',
  status: 'dead',
  attempts: 3,
  deliveryAttempt: null,
  receivedAt: AT,
  occurredAt: AT,
  processedAt: null,
  nextAttemptAt: AT,
  payloadDropped: false,
  handlers: [
    { handler: 'Messages.record', status: 'processed', error: null },
    { handler: 'Replies.send', status: 'dead', error: 'Error: boom\non two lines' },
  ],
  data: { content: 'hello' },
  validationErrors: null,
  errors: [{ handler: 'Replies.send', message: 'Error: boom' }],
  attemptHistory: [
    { attempt: 1, at: AT, status: 'failed', done: ['Messages.record'], failed: ['Replies.send'], dead: [] },
    { attempt: 2, at: AT, status: 'dead', done: [], failed: ['Replies.send'], dead: [] },
  ],
};

describe('the CLI’s tables', () => {
  it('aligns columns on the widest cell, one line per row, no trailing spaces', () => {
    expect(
      crispCliTable(
        ['A', 'LONG'],
        [
          ['wide cell', 'x'],
          ['b', 'two\nlines'],
        ],
      ),
    ).toBe('A          LONG\nwide cell  x\nb          two lines');
  });

  it('shows times in UTC to the second, and a dash for none', () => {
    expect(crispCliTime(AT)).toBe('2026-12-02 15:04:05Z');
    expect(crispCliTime(null)).toBe('-');
  });

  it('lists events with their handlers counted by status, and a dropped payload said', () => {
    const table = crispCliEventsTable([
      EVENT,
      { ...EVENT, id: '11', sessionId: null, payloadDropped: true, status: 'processed', handlers: [] },
    ]);
    expect(table.split('\n')).toEqual([
      'ID  RECEIVED              EVENT         STATUS                       ATTEMPTS  SESSION    HANDLERS',
      '12  2026-12-02 15:04:05Z  message:send  dead                         3         session_a  1 processed, 1 dead',
      '11  2026-12-02 15:04:05Z  message:send  processed (payload dropped)  3         -          none',
    ]);
  });

  it('shows one event whole: fields, handlers with their last error, validation errors, payload', () => {
    const shown = crispCliEventDetail({
      ...EVENT,
      validationErrors: [{ path: 'data.content', messages: ['must be a string'] }],
    });
    expect(shown).toContain('status            dead\n');
    expect(shown).toContain('next attempt      -\n');
    expect(shown).toContain('Replies.send     dead       Error: boom on two lines');
    expect(shown).toMatch(
      /RUN +ENDED +BECAME +SUCCEEDED +FAILED\n1 +[\d-]+ [\d:]+Z +failed +Messages\.record +Replies\.send\n2 +[\d-]+ [\d:]+Z +dead +- +Replies\.send/,
    );
    expect(shown).toContain('Validation errors:\n  data.content: must be a string');
    expect(shown.endsWith('Payload:\n{\n  "content": "hello"\n}')).toBe(true);
    expect(crispCliEventDetail({ ...EVENT, data: null, payloadDropped: true })).toMatch(
      /Payload: dropped by retention/,
    );
  });
});
