import 'reflect-metadata';
import { Injectable, Logger, type Provider, Scope } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { CrispEventDispatcher } from './crisp-event.dispatcher';
import { CrispHandlerOutcome } from './crisp-handler-outcome';
import { CrispWebhooksExplorer } from './crisp-webhooks.explorer';
import { OnCrispEvent } from '../decorators';
import { CrispWebhooksConfigurationError } from '../errors';
import { isCrispEventName } from '../events/crisp-event-pattern.util';
import type { CrispEvent, CrispEventName, CrispEventPayload, CrispUnknownEvent } from '../events/crisp-event.types';
import { crispEvent } from '../testing';
import {
  type CrispHandlerContext,
  crispHandlerRunOf,
  currentCrispHandlerRun,
  trackCrispHandlerRuns,
} from './crisp-handler-run';

/** A stored delivery as the controller hands it to the dispatcher. */
function delivery(body: { event: string; website_id: string; data: object; timestamp: number }, id = '1') {
  const { website_id, event, data, timestamp } = body;
  return { id, known: isCrispEventName(event), website_id, event, data, timestamp } as CrispEvent | CrispUnknownEvent;
}
const known = (name: CrispEventName, id?: string) => delivery(crispEvent(name), id);
/** An event Crisp may add after this catalogue was written. */
const unknown = (id?: string) => delivery({ ...crispEvent('message:send'), event: 'message:reaction:added' }, id);

/** Where the fixture handlers write what they received; injected by type into them. */
@Injectable()
class Journal {
  readonly entries: string[] = [];
  write(handler: string, event: { event: string }): void {
    this.entries.push(`${handler} <- ${event.event}`);
  }
}

@Injectable()
class MessageHandlers {
  constructor(private readonly journal: Journal) {}

  @OnCrispEvent(['message:send', 'message:received'])
  onSendOrReceive(event: CrispEvent<'message:send' | 'message:received'>) {
    this.journal.write('MessageHandlers.onSendOrReceive', event);
  }

  @OnCrispEvent('message:*')
  onAnyMessage(event: CrispEventPayload<'message:*'>) {
    this.journal.write('MessageHandlers.onAnyMessage', event);
  }

  @OnCrispEvent('*')
  async onEverything(event: CrispEvent | CrispUnknownEvent) {
    await Promise.resolve();
    this.journal.write('MessageHandlers.onEverything', event);
  }
}

@Injectable()
class FailingHandlers {
  constructor(private readonly journal: Journal) {}

  @OnCrispEvent('message:send')
  explode(event: CrispEvent<'message:send'>): never {
    this.journal.write('FailingHandlers.explode', event);
    throw new Error('handler exploded');
  }
}

/** A listener of the host app, bound by @nestjs/event-emitter itself. */
@Injectable()
class HostListener {
  readonly received: unknown[] = [];

  @OnEvent('crisp.message:send')
  onCrispMessage(event: unknown) {
    this.received.push(event);
    return 'host result';
  }
}

/** What each handler was given, and what `currentCrispHandlerRun()` said before and after awaiting. */
/** A handler that never settles, with a timeout of its own, and one that never settles on the default. */
@Injectable()
class HungHandlers {
  readonly signals: AbortSignal[] = [];

  @OnCrispEvent('message:send', { timeoutMs: 50 })
  hangs(_event: CrispEvent<'message:send'>, { signal }: CrispHandlerContext) {
    this.signals.push(signal);
    return new Promise(() => undefined);
  }

  @OnCrispEvent('message:received')
  hangsToo(_event: CrispEvent<'message:received'>, { signal }: CrispHandlerContext) {
    this.signals.push(signal);
    return new Promise(() => undefined);
  }
}

@Injectable()
class RunContextHandlers {
  readonly seen: {
    event: object;
    context: CrispHandlerContext;
    current?: CrispHandlerContext;
    afterAwaits?: CrispHandlerContext;
  }[] = [];

  @OnCrispEvent('session:set_email')
  async remember(event: CrispEvent<'session:set_email'>, context: CrispHandlerContext) {
    const current = currentCrispHandlerRun();
    await Promise.resolve();
    // Deeper in the call tree, past a callback scheduled from it: what a logger or a client would ask.
    const afterAwaits = await new Promise<CrispHandlerContext | undefined>((resolve) =>
      queueMicrotask(() => resolve(currentCrispHandlerRun())),
    );
    this.seen.push({ event, context, current, afterAwaits });
  }

  @OnCrispEvent('session:set_email')
  alsoRemember(event: CrispEvent<'session:set_email'>, context: CrispHandlerContext) {
    this.seen.push({ event, context, current: currentCrispHandlerRun() });
  }
}

const HANDLERS_OF_MESSAGE_SEND = [
  'MessageHandlers.onSendOrReceive',
  'MessageHandlers.onAnyMessage',
  'MessageHandlers.onEverything',
  'FailingHandlers.explode',
];

/** Compiles and initialises a module with the explorer, the dispatcher and `providers`. */
async function start(providers: Provider[], { emitter = true }: { emitter?: boolean } = {}) {
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [...(emitter ? [EventEmitterModule.forRoot()] : []), DiscoveryModule],
    providers: [CrispWebhooksExplorer, CrispEventDispatcher, ...providers],
  }).compile();
  await moduleRef.init();
  return { moduleRef };
}

const summary = (outcomes: readonly CrispHandlerOutcome[]) =>
  outcomes.map(({ handler, ok }) => ({ handler, ok })).sort((a, b) => a.handler.localeCompare(b.handler));

describe('CrispEventDispatcher and CrispWebhooksExplorer', () => {
  let logError: jest.SpyInstance;

  beforeEach(() => {
    logError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('with handlers on exact names, a family, everything, and one that throws', () => {
    let moduleRef: TestingModule;
    let dispatcher: CrispEventDispatcher;
    let journal: Journal;

    beforeEach(async () => {
      ({ moduleRef } = await start([Journal, MessageHandlers, FailingHandlers, HostListener]));
      dispatcher = moduleRef.get(CrispEventDispatcher);
      journal = moduleRef.get(Journal);
    });

    afterEach(() => moduleRef.close());

    it('injects constructor dependencies by type (a tripwire for missing decorator metadata)', () => {
      expect(Reflect.getMetadata('design:paramtypes', MessageHandlers)).toEqual([Journal]);
      expect(Reflect.getMetadata('design:paramtypes', CrispEventDispatcher)).toEqual([Object, EventEmitter2]);
      expect((moduleRef.get(MessageHandlers) as unknown as { journal: Journal }).journal).toBe(journal);
    });

    it('gives a handler of two events each of them, and nothing else by name', async () => {
      await dispatcher.dispatch(known('message:send'));
      await dispatcher.dispatch(known('message:received'));
      await dispatcher.dispatch(known('message:removed'));
      expect(journal.entries.filter((entry) => entry.startsWith('MessageHandlers.onSendOrReceive'))).toEqual([
        'MessageHandlers.onSendOrReceive <- message:send',
        'MessageHandlers.onSendOrReceive <- message:received',
      ]);
    });

    it("gives a 'message:*' handler every message event and no other", async () => {
      for (const name of [
        'message:send',
        'message:acknowledge:read:send',
        'session:set_email',
        'people:profile:created',
      ] as const) {
        await dispatcher.dispatch(known(name));
      }
      await dispatcher.dispatch(unknown());
      expect(journal.entries.filter((entry) => entry.startsWith('MessageHandlers.onAnyMessage'))).toEqual([
        'MessageHandlers.onAnyMessage <- message:send',
        'MessageHandlers.onAnyMessage <- message:acknowledge:read:send',
      ]);
    });

    it("gives a '*' handler known events and events outside the catalogue, which nothing else gets", async () => {
      const outcomesOfKnown = await dispatcher.dispatch(known('session:set_email'));
      const outcomesOfUnknown = await dispatcher.dispatch(unknown());
      expect(summary(outcomesOfKnown)).toEqual([{ handler: 'MessageHandlers.onEverything', ok: true }]);
      expect(summary(outcomesOfUnknown)).toEqual([{ handler: 'MessageHandlers.onEverything', ok: true }]);
      expect(journal.entries).toEqual([
        'MessageHandlers.onEverything <- session:set_email',
        'MessageHandlers.onEverything <- message:reaction:added',
      ]);
    });

    it('isolates a throwing handler: its outcome fails by Class.method, the others run and succeed', async () => {
      const outcomes = await dispatcher.dispatch(known('message:send'));
      expect(outcomes.every((outcome) => outcome instanceof CrispHandlerOutcome)).toBe(true);
      expect(summary(outcomes)).toEqual(
        [...HANDLERS_OF_MESSAGE_SEND].sort().map((handler) => ({ handler, ok: handler !== 'FailingHandlers.explode' })),
      );
      const failed = outcomes.find((outcome) => !outcome.ok);
      expect(failed?.error).toEqual(new Error('handler exploded'));
      expect([...journal.entries].sort()).toEqual(HANDLERS_OF_MESSAGE_SEND.map((h) => `${h} <- message:send`).sort());
    });

    it('logs a failure with the handler, the event id and the stack', async () => {
      await dispatcher.dispatch(known('message:send', '4217'));
      expect(logError).toHaveBeenCalledTimes(1);
      const [message, stack] = logError.mock.calls[0] as [string, string];
      expect(message).toContain('FailingHandlers.explode');
      expect(message).toContain('#4217');
      expect(message).toContain('message:send');
      expect(stack).toContain('handler exploded');
    });

    it('skips the handlers in `completed`, which already succeeded on this event', async () => {
      const completed = new Set(['MessageHandlers.onSendOrReceive', 'MessageHandlers.onEverything']);
      const outcomes = await dispatcher.dispatch(known('message:send'), {
        completed,
        attempt: 2,
        handlerTimeoutMs: 30_000,
        stopping: new AbortController().signal,
      });
      expect(summary(outcomes).map((outcome) => outcome.handler)).toEqual([
        'FailingHandlers.explode',
        'MessageHandlers.onAnyMessage',
      ]);
      expect(journal.entries.some((entry) => entry.startsWith('MessageHandlers.onSendOrReceive'))).toBe(false);
      expect(journal.entries.some((entry) => entry.startsWith('MessageHandlers.onEverything'))).toBe(false);
    });

    it('lets a plain @OnEvent listener of the host receive the event too, without counting it as a handler', async () => {
      const event = known('message:send');
      const outcomes = await dispatcher.dispatch(event);
      expect(moduleRef.get(HostListener).received).toHaveLength(1);
      expect(moduleRef.get(HostListener).received[0]).toBe(event);
      expect(outcomes.map((outcome) => outcome.handler)).not.toContain('HostListener.onCrispMessage');
      expect(outcomes).toHaveLength(HANDLERS_OF_MESSAGE_SEND.length);
    });
  });

  describe('binding', () => {
    @Injectable()
    class TwoEvents {
      readonly received: string[] = [];

      @OnCrispEvent('message:send')
      @OnCrispEvent(['message:send', 'message:received'])
      on(event: CrispEvent<'message:send' | 'message:received'>) {
        this.received.push(event.event);
      }
    }

    it('binds a handler once per event, however many of its patterns name it', async () => {
      const { moduleRef } = await start([TwoEvents]);
      const emitter = moduleRef.get(EventEmitter2);
      expect(emitter.listenerCount('crisp.message:send')).toBe(1);
      expect(emitter.listenerCount('crisp.message:received')).toBe(1);
      expect(emitter.listenerCount('crisp.message:removed')).toBe(0);
      await moduleRef.get(CrispEventDispatcher).dispatch(known('message:send'));
      await moduleRef.get(CrispEventDispatcher).dispatch(known('message:received'));
      expect(moduleRef.get(TwoEvents).received).toEqual(['message:send', 'message:received']);
      await moduleRef.close();
    });

    it('does not bind the handlers twice on the same emitter', async () => {
      const { moduleRef } = await start([TwoEvents]);
      moduleRef.get(CrispWebhooksExplorer).onModuleInit();
      expect(moduleRef.get(EventEmitter2).listenerCount('crisp.message:send')).toBe(1);
      await moduleRef.close();
    });

    it('refuses a handler on a request-scoped provider at start-up', async () => {
      @Injectable({ scope: Scope.REQUEST })
      class PerRequest {
        @OnCrispEvent('message:send')
        on() {}
      }
      const error: unknown = await start([PerRequest]).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(CrispWebhooksConfigurationError);
      expect((error as Error).message).toMatch(/PerRequest\.on belongs to a request-scoped provider/);
    });

    it('refuses two handlers of the same Class.method name at start-up', async () => {
      const twice = [
        { provide: 'first', useClass: TwoEvents },
        { provide: 'second', useClass: TwoEvents },
      ];
      const error: unknown = await start(twice).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(CrispWebhooksConfigurationError);
      expect((error as Error).message).toMatch(/both named TwoEvents\.on/);
    });

    it('refuses to build the dispatcher without EventEmitter2, telling to import EventEmitterModule.forRoot()', async () => {
      expect(() => new CrispEventDispatcher()).toThrow(CrispWebhooksConfigurationError);
      const error: unknown = await start([TwoEvents], { emitter: false }).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(CrispWebhooksConfigurationError);
      expect((error as Error).message).toContain('Import EventEmitterModule.forRoot()');
    });
  });

  describe('the run context of a handler', () => {
    let moduleRef: TestingModule;

    beforeEach(async () => {
      ({ moduleRef } = await start([RunContextHandlers]));
    });
    afterEach(() => moduleRef.close());

    // First: runs are not tracked until something asks for it, and tracking stays on for the rest of the file.
    it('gives each handler an event of its own that says whose run it is, with runs untracked', async () => {
      await moduleRef.get(CrispEventDispatcher).dispatch(known('session:set_email', '42'));
      const { seen } = moduleRef.get(RunContextHandlers);
      expect(seen).toHaveLength(2);
      const [first, second] = seen;
      expect(first.event).not.toBe(second.event);
      expect(first.event).toEqual(second.event);
      for (const { event, context, current } of seen) {
        expect(current).toBeUndefined();
        expect(crispHandlerRunOf(event)).toBe(context);
      }
      expect(crispHandlerRunOf({ ...first.event })).toBeUndefined();
    });

    it('passes each handler its own context, which is also the current run throughout its async call tree', async () => {
      trackCrispHandlerRuns();
      await moduleRef.get(CrispEventDispatcher).dispatch(known('session:set_email', '42'), {
        completed: new Set(),
        attempt: 3,
        handlerTimeoutMs: 30_000,
        stopping: new AbortController().signal,
      });
      const { seen } = moduleRef.get(RunContextHandlers);
      expect(seen.map(({ context }) => context)).toMatchObject(
        expect.arrayContaining([
          { eventId: '42', handler: 'RunContextHandlers.remember', attempt: 3, signal: expect.any(AbortSignal) },
          { eventId: '42', handler: 'RunContextHandlers.alsoRemember', attempt: 3, signal: expect.any(AbortSignal) },
        ]),
      );
      expect(seen).toHaveLength(2);
      for (const { context, current } of seen) expect(current).toBe(context);
      const remembered = seen.find(({ context }) => context.handler === 'RunContextHandlers.remember')!;
      expect(remembered.afterAwaits).toBe(remembered.context);
      expect(seen.every(({ context }) => !context.signal.aborted)).toBe(true);
    });

    it('is no run outside of a handler', () => {
      expect(currentCrispHandlerRun()).toBeUndefined();
    });

    it('counts a dispatch without an attempt (a host emitting the event itself) as the first', async () => {
      await moduleRef.get(CrispEventDispatcher).dispatch(known('session:set_email', '7'));
      expect(moduleRef.get(RunContextHandlers).seen.map(({ context }) => context.attempt)).toEqual([1, 1]);
    });
  });

  describe('handler timeouts', () => {
    let moduleRef: TestingModule;
    const stopping = new AbortController();
    const run = { completed: new Set<string>(), attempt: 1, handlerTimeoutMs: 200, stopping: stopping.signal };

    beforeEach(async () => {
      jest.useFakeTimers();
      ({ moduleRef } = await start([HungHandlers]));
    });
    afterEach(async () => {
      await moduleRef.close();
      jest.useRealTimers();
    });

    it("abandons a run past the handler's own timeout: failed, naming the handler and the timeout, signal aborted", async () => {
      const dispatched = moduleRef.get(CrispEventDispatcher).dispatch(known('message:send', '9'), run);
      await jest.advanceTimersByTimeAsync(49);
      const { signals } = moduleRef.get(HungHandlers);
      expect(signals[0].aborted).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const [outcome] = await dispatched;
      expect(outcome).toMatchObject({ handler: 'HungHandlers.hangs', ok: false });
      expect(String((outcome.error as Error).message)).toBe(
        'Handler HungHandlers.hangs did not finish within its timeout of 50 ms: abandoned (its signal aborted), retried later.',
      );
      expect(signals[0].aborted).toBe(true);
      expect(signals[0].reason).toBe(outcome.error);
      expect(logError).toHaveBeenCalledWith(expect.stringContaining('#9'), expect.stringContaining('50 ms'));
    });

    it('abandons a handler without a timeout of its own at handlerTimeoutMs', async () => {
      const dispatched = moduleRef.get(CrispEventDispatcher).dispatch(known('message:received'), run);
      await jest.advanceTimersByTimeAsync(200);
      const [outcome] = await dispatched;
      expect(String((outcome.error as Error).message)).toContain(
        'HungHandlers.hangsToo did not finish within its timeout of 200 ms',
      );
    });

    it("fires a running handler's signal when the app stops waiting for it", async () => {
      void moduleRef.get(CrispEventDispatcher).dispatch(known('message:received'), run);
      await jest.advanceTimersByTimeAsync(1);
      const [signal] = moduleRef.get(HungHandlers).signals;
      stopping.abort(new Error('The app is shutting down.'));
      expect(signal.aborted).toBe(true);
      await jest.advanceTimersByTimeAsync(200);
    });
  });

  it('refuses at start-up a handler timeout that is not a positive number of ms', async () => {
    @Injectable()
    class BadTimeout {
      @OnCrispEvent('message:send', { timeoutMs: 0 })
      handle() {}
    }
    await expect(start([BadTimeout])).rejects.toThrow(
      '@OnCrispEvent on BadTimeout.handle: timeoutMs must be a number of milliseconds of at least 1, got 0.',
    );
  });
});
