import { crispEvent } from 'nestjs-crisp-webhooks/testing';
import { GiveUpHandlers } from './fixtures/give-up-handlers';
import { startHostApp, type TestApp } from './utils/test-app';
import { waitFor } from './utils/wait-for';

const FAST_RETRY = { leaseSeconds: 2, pollIntervalMs: 50, retry: { attempts: 5, baseDelayMs: 20, maxDelayMs: 100 } };

describe('A handler that gives up for good (CrispNonRetryableError)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startHostApp({ providers: [GiveUpHandlers], crisp: { delivery: FAST_RETRY } });
  });
  afterAll(() => t.close());

  it('is recorded in handlers_dead and never run again; the others are retried; the event ends dead', async () => {
    const { body } = await t.post(crispEvent('message:received')).expect(200);
    const row = await waitFor(async () => {
      const [event] = (await t.db.query(`SELECT * FROM "crisp_webhook_events" WHERE "id" = $1`, [body.id])) as {
        status: string;
        handlers_dead: string[];
        handlers_done: string[];
        attempts: number;
        errors: unknown;
      }[];
      return event.status === 'dead' && event;
    }, 10_000);
    expect(row.handlers_dead).toEqual(['GiveUpHandlers.refused']);
    expect([...row.handlers_done].sort()).toEqual(['GiveUpHandlers.flaky', 'GiveUpHandlers.steady']);
    expect(row.attempts).toBe(2);
    // The last run had no error: the error of the handler that gave up stays on the row, not the healed one's.
    expect(row.errors).toEqual([
      { handler: 'GiveUpHandlers.refused', message: 'Crisp answered 404: conversation deleted' },
    ]);
    const runs = t.app.get(GiveUpHandlers).runs;
    expect(runs.filter((run) => run.startsWith('refused'))).toHaveLength(1);
    expect(runs.filter((run) => run.startsWith('flaky'))).toHaveLength(2);
    expect(runs.filter((run) => run.startsWith('steady'))).toHaveLength(1);
    expect(t.logs.matching('GiveUpHandlers.refused failed', `#${body.id} `)).toHaveLength(1);
  });
});
