import { type DynamicModule, Injectable, Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { HANDLER_TIMED_OUT } from '../crisp-webhooks.messages';
import { OnCrispEvent } from '../decorators';
import type { CrispHandlerContext } from '../delivery/crisp-handler-run';
import { CrispWebhooksConfigurationError } from '../errors';
import { MessageSendDto } from '../dto';
import type { CrispEvent, CrispEventPayload } from '../events/crisp-event.types';
import { crispEvent } from './crisp-event.factory';
import { CrispWebhooksTesting } from './crisp-webhooks-testing';
import { CrispWebhooksTestingModule } from './crisp-webhooks-testing.module';

@Injectable()
class SupportHandlers {
  readonly seen: { handler: string; event: CrispEventPayload<'*'> }[] = [];

  @OnCrispEvent('message:send')
  onVisitorMessage(event: CrispEvent<'message:send'>): void {
    this.seen.push({ handler: 'onVisitorMessage', event });
  }

  @OnCrispEvent('message:*')
  onAnyMessage(event: CrispEventPayload<'message:*'>): void {
    if (event.event === 'message:send' && event.data.content === 'crash') throw new Error('boom');
    this.seen.push({ handler: 'onAnyMessage', event });
  }

  @OnCrispEvent('*')
  async onEverything(event: CrispEventPayload<'*'>): Promise<void> {
    await Promise.resolve();
    this.seen.push({ handler: 'onEverything', event });
  }

  @OnCrispEvent('session:set_email')
  onEmail(event: CrispEvent<'session:set_email'>): void {
    this.seen.push({ handler: 'onEmail', event });
  }
}

describe('CrispWebhooksTestingModule', () => {
  let moduleRef: TestingModule;
  let crisp: CrispWebhooksTesting;
  let handlers: SupportHandlers;
  let logError: jest.SpyInstance;

  beforeEach(async () => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    moduleRef = await Test.createTestingModule({
      imports: [CrispWebhooksTestingModule],
      providers: [SupportHandlers],
    }).compile();
    await moduleRef.init();
    crisp = moduleRef.get(CrispWebhooksTesting);
    handlers = moduleRef.get(SupportHandlers);
  });

  afterEach(async () => {
    await moduleRef.close();
    logError.mockRestore();
  });

  it('runs every handler of the event, with the validated DTO, and says how each fared', async () => {
    const outcomes = await crisp.emit(crispEvent('message:send', { data: { content: 'refund' } }));

    expect(outcomes).toEqual([
      { handler: 'SupportHandlers.onVisitorMessage', ok: true },
      { handler: 'SupportHandlers.onAnyMessage', ok: true },
      { handler: 'SupportHandlers.onEverything', ok: true },
    ]);
    expect(handlers.seen.map(({ handler }) => handler)).toEqual(['onVisitorMessage', 'onAnyMessage', 'onEverything']);
    const { event } = handlers.seen[0];
    expect(event).toMatchObject({ id: '1', known: true, event: 'message:send', website_id: expect.any(String) });
    expect(event.data).toBeInstanceOf(MessageSendDto);
    expect(event.data).toMatchObject({ content: 'refund' });
  });

  it('isolates a throwing handler: it fails alone, with its error, logged with the event id as in production', async () => {
    const outcomes = await crisp.emit(crispEvent('message:send', { data: { content: 'crash' } }), { id: '42' });

    expect(outcomes).toEqual([
      { handler: 'SupportHandlers.onVisitorMessage', ok: true },
      { handler: 'SupportHandlers.onAnyMessage', ok: false, error: new Error('boom') },
      { handler: 'SupportHandlers.onEverything', ok: true },
    ]);
    expect(logError).toHaveBeenCalledTimes(1);
    expect(logError.mock.calls[0][0]).toContain('SupportHandlers.onAnyMessage failed on Crisp event #42');
  });

  it('numbers the emitted events unless given an id', async () => {
    await crisp.emit(crispEvent('session:set_email'));
    await crisp.emit(crispEvent('session:set_email'), { id: 'row-7' });
    await crisp.emit(crispEvent('session:set_email'));

    expect(handlers.seen.filter(({ handler }) => handler === 'onEmail').map(({ event }) => event.id)).toEqual([
      '1',
      'row-7',
      '2',
    ]);
  });

  it('refuses data that fails its DTO, which the module would quarantine without running a handler', async () => {
    const hook = crispEvent('message:send');
    hook.data.fingerprint = 'not a number';

    await expect(crisp.emit(hook)).rejects.toThrow(/message:send event fails its DTO.*data\.fingerprint/);
    expect(handlers.seen).toEqual([]);
  });

  it("hands an event outside the catalogue to the '*' handlers only, as an unknown event", async () => {
    const outcomes = await crisp.emit({
      website_id: 'website-1',
      event: 'message:reaction:added',
      data: { emoji: '👍' },
      timestamp: 1,
    });

    expect(outcomes).toEqual([{ handler: 'SupportHandlers.onEverything', ok: true }]);
    expect(handlers.seen[0].event).toMatchObject({
      known: false,
      event: 'message:reaction:added',
      data: { emoji: '👍' },
    });
  });

  it('returns no outcome for an event no handler listens to', async () => {
    await moduleRef.close();
    moduleRef = await Test.createTestingModule({ imports: [CrispWebhooksTestingModule] }).compile();
    await moduleRef.init();

    expect(await moduleRef.get(CrispWebhooksTesting).emit(crispEvent('message:send'))).toEqual([]);
  });
});

@Injectable()
class SlowHandlers {
  readonly signals: Record<string, AbortSignal> = {};

  @OnCrispEvent('message:send')
  hangs(_event: CrispEvent<'message:send'>, { signal }: CrispHandlerContext): Promise<void> {
    this.signals.hangs = signal;
    return new Promise(() => undefined);
  }

  @OnCrispEvent('message:send', { timeoutMs: 50 })
  hangsWithItsOwnTimeout(_event: CrispEvent<'message:send'>, { signal }: CrispHandlerContext): Promise<void> {
    this.signals.hangsWithItsOwnTimeout = signal;
    return new Promise(() => undefined);
  }

  @OnCrispEvent('message:send')
  async answers(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('CrispWebhooksTestingModule and the handler timeout', () => {
  let moduleRef: TestingModule | undefined;
  let logError: jest.SpyInstance;

  const start = async (testing: typeof CrispWebhooksTestingModule | DynamicModule) => {
    moduleRef = await Test.createTestingModule({ imports: [testing], providers: [SlowHandlers] }).compile();
    await moduleRef.init();
    jest.useFakeTimers();
    return { crisp: moduleRef.get(CrispWebhooksTesting), handlers: moduleRef.get(SlowHandlers) };
  };

  /** Emits an event, and says whether its outcomes are in after each stretch of fake time. */
  const emitting = (crisp: CrispWebhooksTesting) => {
    let settled = false;
    const outcomes = crisp.emit(crispEvent('message:send'));
    void outcomes.then(() => (settled = true));
    return {
      outcomes,
      settledAfter: async (ms: number) => {
        await jest.advanceTimersByTimeAsync(ms);
        return settled;
      },
    };
  };

  const timedOut = (handler: string, ms: number) => ({
    handler: `SlowHandlers.${handler}`,
    ok: false,
    error: new Error(HANDLER_TIMED_OUT(`SlowHandlers.${handler}`, ms)),
  });

  beforeEach(() => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    jest.useRealTimers();
    await moduleRef?.close();
    moduleRef = undefined;
    logError.mockRestore();
  });

  it('fails a hung handler at delivery.handlerTimeoutMs, another at its own timeoutMs; the others still run', async () => {
    const { crisp, handlers } = await start(CrispWebhooksTestingModule.forRoot({ delivery: { handlerTimeoutMs: 80 } }));
    const run = emitting(crisp);

    expect(await run.settledAfter(50)).toBe(false);
    expect(handlers.signals.hangsWithItsOwnTimeout?.aborted).toBe(true);
    expect(handlers.signals.hangs?.aborted).toBe(false);
    expect(await run.settledAfter(29)).toBe(false);
    expect(await run.settledAfter(1)).toBe(true);
    expect(await run.outcomes).toEqual([
      timedOut('hangs', 80),
      timedOut('hangsWithItsOwnTimeout', 50),
      { handler: 'SlowHandlers.answers', ok: true },
    ]);
    expect(handlers.signals.hangs?.reason).toEqual(new Error(HANDLER_TIMED_OUT('SlowHandlers.hangs', 80)));
    expect(logError).toHaveBeenCalledTimes(2);
  });

  it('applies the module default of 30 s when imported bare, as the worker would', async () => {
    const { crisp } = await start(CrispWebhooksTestingModule);
    const run = emitting(crisp);

    expect(await run.settledAfter(29_999)).toBe(false);
    expect(await run.settledAfter(1)).toBe(true);
    expect((await run.outcomes)[0]).toEqual(timedOut('hangs', 30_000));
  });

  it('aborts the signal of a handler still running when the testing module closes', async () => {
    const { crisp, handlers } = await start(CrispWebhooksTestingModule);
    void crisp.emit(crispEvent('message:send'));
    await jest.advanceTimersByTimeAsync(0);

    await moduleRef!.close();
    moduleRef = undefined;
    expect(handlers.signals.hangs?.aborted).toBe(true);
  });

  it('refuses a handler timeout the module would refuse, saying how to fix it', () => {
    expect(() => CrispWebhooksTestingModule.forRoot({ delivery: { handlerTimeoutMs: 0 } })).toThrow(
      CrispWebhooksConfigurationError,
    );
    expect(() => CrispWebhooksTestingModule.forRoot({ delivery: { handlerTimeoutMs: 0 } })).toThrow(/handlerTimeoutMs/);
  });
});
