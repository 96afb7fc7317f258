import { CrispConsoleLogger } from './crisp-console.logger';
import { crispLogFields } from './crisp-log-fields';
import { type CrispHandlerContext, runCrispHandler, trackCrispHandlerRuns } from '../delivery/crisp-handler-run';

const run: CrispHandlerContext = {
  eventId: '4211',
  handler: 'MessageHistory.onMessage',
  attempt: 2,
  signal: new AbortController().signal,
};

/** What the logger wrote to stdout while `write` ran. */
function printed(write: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk).trimEnd());
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('crispLogFields', () => {
  // In this order: tracking, once on, stays on for the rest of the file.
  it('is nothing inside a run until runs are tracked, which making a CrispConsoleLogger turns on', () => {
    expect(runCrispHandler(run, crispLogFields)).toEqual({});
    new CrispConsoleLogger();
    expect(runCrispHandler(run, crispLogFields)).toEqual({
      crispEventId: '4211',
      crispHandler: 'MessageHistory.onMessage',
      crispAttempt: 2,
    });
  });

  it("is the handler run's event, handler and attempt inside a run, and nothing outside one", () => {
    trackCrispHandlerRuns();
    expect(runCrispHandler(run, crispLogFields)).toEqual({
      crispEventId: '4211',
      crispHandler: 'MessageHistory.onMessage',
      crispAttempt: 2,
    });
    expect(crispLogFields()).toEqual({});
  });
});

describe('CrispConsoleLogger', () => {
  it('adds the run to the params of a JSON line written inside a handler run, beside its own params', () => {
    const logger = new CrispConsoleLogger('Greeter', { json: true });
    const [line] = printed(() => runCrispHandler(run, () => logger.log('greeted', { page: '/pricing' })));
    expect(JSON.parse(line)).toMatchObject({
      level: 'log',
      context: 'Greeter',
      message: 'greeted',
      params: { page: '/pricing', crispEventId: '4211', crispHandler: 'MessageHistory.onMessage', crispAttempt: 2 },
    });
  });

  it('prints the run after the message of a text line', () => {
    const logger = new CrispConsoleLogger('Greeter', { colors: false });
    const [line] = printed(() => runCrispHandler(run, () => logger.warn('slow answer')));
    expect(line).toMatch(
      /WARN \[Greeter\] slow answer \{ crispEventId: '4211', crispHandler: 'MessageHistory.onMessage', crispAttempt: 2 \}/,
    );
  });

  it('leaves a line written outside a handler run as ConsoleLogger writes it', () => {
    const logger = new CrispConsoleLogger('Boot', { json: true });
    const [line] = printed(() => logger.log('listening'));
    expect(JSON.parse(line)).not.toHaveProperty('params');
  });
});
