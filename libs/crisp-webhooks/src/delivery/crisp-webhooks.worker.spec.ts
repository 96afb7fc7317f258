import 'reflect-metadata';
import { Injectable, Logger, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test, type TestingModule } from '@nestjs/testing';
import { resolveCrispDeliveryConfig } from '../config/crisp-delivery.config';
import { CrispEventDispatcher } from './crisp-event.dispatcher';
import { Registry } from 'prom-client';
import { CRISP_WEBHOOKS_CONFIG, CRISP_WEBHOOKS_METRICS } from '../crisp-webhooks.constants';
import { CrispWebhooksMetrics } from '../observability/crisp-webhooks.metrics';
import { CrispWebhooksExplorer } from './crisp-webhooks.explorer';
import { CrispWebhooksWorker } from './crisp-webhooks.worker';
import { OnCrispEvent } from '../decorators';
import { MessageSendDto } from '../dto/message/message-events.dto';
import type { CrispStoredEvent } from '../persistence/crisp-stored-event';
import type { CrispEvent } from '../events/crisp-event.types';
import type { CrispDeliveryOptions, CrispWebhooksConfig } from '../interfaces';
import { type CrispLeasedEvent, type CrispRunRecord, CrispWebhookQueue } from '../persistence/crisp-webhook-queue';
import { crispEvent } from '../testing';
import { CrispNonRetryableError } from '../errors';
import type { CrispHandlerContext } from './crisp-handler-run';
import { crashedRunRecordOf } from './crisp-run-outcome';

/** Small settings, so that a test sees several polls, retries and a full batch within a few tens of ms. */
const DELIVERY: CrispDeliveryOptions = {
  pollIntervalMs: 20,
  concurrency: 2,
  retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 1000 },
};

/**
 * Stands in for the queue in the database: `claim` hands out the rows in `due` (those `crashed` only when
 * asked for, one at most, not one of those excepted), up to `limit` of them and `maxBytes` of their payloads
 * (the first whatever its size), `record` keeps what it is given in `recorded`.
 * Every method is a jest.fn, so calls and their order can be checked.
 */
class FakeQueue {
  readonly due: CrispLeasedEvent[] = [];
  readonly recorded: CrispRunRecord[] = [];
  readonly claim = jest.fn((limit: number, maxBytes: number, crashedExcept?: readonly string[]) => {
    const crashed = this.due.findIndex((row) => row.crashed && crashedExcept && !crashedExcept.includes(row.id));
    const taken = crashed >= 0 ? this.due.splice(crashed, 1) : [];
    const weight = () => taken.reduce((sum, row) => sum + row.bytes, 0);
    for (let i = 0; i < this.due.length && taken.length < limit && (taken.length === 0 || weight() < maxBytes);) {
      if (this.due[i].crashed) i++;
      else taken.push(...this.due.splice(i, 1));
    }
    return Promise.resolve(taken);
  });
  readonly renewLeases = jest.fn((_ids: readonly string[]) => Promise.resolve());
  readonly releaseLeases = jest.fn((_ids: readonly string[]) => Promise.resolve());
  readonly record = jest.fn((runs: readonly CrispRunRecord[]) => {
    this.recorded.push(...runs);
    return Promise.resolve();
  });
}

/** What the handlers do, set by each test: which of them fail, and a gate the slow one waits on. */
@Injectable()
class Script {
  /** `Class.method #id` of every handler run, in order. */
  readonly runs: string[] = [];
  /** The events the handlers received. */
  readonly events: CrispEvent[] = [];
  /** Message thrown by a handler, by handler name. */
  readonly failing = new Map<string, string>();
  /** Handlers of `failing` that throw a CrispNonRetryableError. */
  readonly nonRetryable = new Set<string>();
  /** The run context each handler was given. */
  readonly contexts: CrispHandlerContext[] = [];
  /** Runs of the slow handler under way, and the most there ever were at once. */
  active = 0;
  maxActive = 0;
  private gate: Promise<void> | undefined;
  private release: (() => void) | undefined;

  closeGate(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  openGate(): void {
    this.release?.();
    this.gate = undefined;
  }

  async run(handler: string, event: CrispEvent, context: CrispHandlerContext, gated = false): Promise<void> {
    this.runs.push(`${handler} #${event.id}`);
    this.contexts.push(context);
    this.events.push(event);
    if (gated) {
      this.active++;
      this.maxActive = Math.max(this.maxActive, this.active);
      try {
        await this.gate;
      } finally {
        this.active--;
      }
    }
    const message = this.failing.get(handler);
    if (message) throw this.nonRetryable.has(handler) ? new CrispNonRetryableError(message) : new Error(message);
  }
}

@Injectable()
class Handlers {
  constructor(private readonly script: Script) {}

  @OnCrispEvent('message:send')
  first(event: CrispEvent<'message:send'>, context: CrispHandlerContext) {
    return this.script.run('Handlers.first', event, context);
  }

  @OnCrispEvent('message:send')
  second(event: CrispEvent<'message:send'>, context: CrispHandlerContext) {
    return this.script.run('Handlers.second', event, context);
  }

  /** Waits on the script's gate: what concurrency and shutdown are tested with. */
  @OnCrispEvent('session:set_email')
  slow(event: CrispEvent<'session:set_email'>, context: CrispHandlerContext) {
    return this.script.run('Handlers.slow', event, context, true);
  }
}

/** A listener of the host that asked EventEmitter2 not to swallow its errors: the emit itself rejects. */
@Injectable()
class ThrowingHostListener {
  @OnEvent('crisp.message:send', { suppressErrors: false })
  onMessage(): never {
    throw new Error('host listener exploded');
  }
}

type Name = 'message:send' | 'session:set_email';

/** An event as stored, the way the controller hands it to the worker. */
function stored(id: string, name: Name = 'message:send'): CrispStoredEvent {
  const { website_id, event, data, timestamp } = crispEvent(name);
  return { id, websiteId: website_id, event, data, timestamp };
}

/** What a row's payload weighs, unless a test says otherwise. */
const ROW_BYTES = 1000;

/** A row as `claim` returns it. */
const row = (
  id: string,
  name: Name,
  handlersDone: string[] = [],
  attempts = 0,
  handlersDead: string[] = [],
  crashed = false,
  bytes = ROW_BYTES,
): CrispLeasedEvent => ({ ...stored(id, name), handlersDone, handlersDead, attempts, crashed, bytes });

/** A row whose last run ended with its process, as `claim` returns it with that run counted in `attempts`. */
const crashedRow = (id: string, name: Name, attempts: number) => row(id, name, [], attempts, [], true);

/**
 * The spec runs on jest's fake clock: time moves only when a test moves it, so a loaded machine cannot
 * make a poll, a lease renewal or a retry come early or late.
 */
const pause = (ms: number) => jest.advanceTimersByTimeAsync(ms);

/** Moves the fake clock 1 ms at a time until `condition` holds (at most `timeoutMs` of fake time). */
async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  for (let waited = 0; !condition(); waited++) {
    if (waited >= timeoutMs) throw new Error(`Timed out waiting until ${what}`);
    await pause(1);
  }
}

/** Awaits a promise that needs timers to settle (a shutdown records its last batch on setImmediate). */
async function during<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await until(() => settled, 'it settles', 60_000);
  return promise;
}

/** Which run it was is the queue's count (see the attempts tests): any, unless a test says. */
const processed = (id: string, done: string[], attempt = expect.any(Number) as number): CrispRunRecord => ({
  id,
  attempt,
  status: 'processed',
  done,
  dead: [],
  errors: null,
  retryInMs: 0,
});

const MESSAGE_HANDLERS = ['Handlers.first', 'Handlers.second'];

describe('CrispWebhooksWorker', () => {
  let moduleRef: TestingModule;
  let closing: Promise<void> | undefined;
  let inbox: FakeQueue;
  let worker: CrispWebhooksWorker;
  let script: Script;
  let error: jest.SpyInstance;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  /** Starts the worker in a module with the real explorer, dispatcher and emitter (it polls once at bootstrap). */
  async function start(delivery: CrispDeliveryOptions = {}, providers: Provider[] = []) {
    inbox = new FakeQueue();
    const config = { delivery: resolveCrispDeliveryConfig({ ...DELIVERY, ...delivery }) } as CrispWebhooksConfig;
    moduleRef = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot(), DiscoveryModule],
      providers: [
        Script,
        Handlers,
        CrispWebhooksExplorer,
        CrispEventDispatcher,
        CrispWebhooksWorker,
        { provide: CrispWebhookQueue, useValue: inbox },
        { provide: CRISP_WEBHOOKS_CONFIG, useValue: config },
        ...providers,
      ],
    }).compile();
    closing = undefined;
    await moduleRef.init();
    worker = moduleRef.get(CrispWebhooksWorker);
    script = moduleRef.get(Script);
  }

  const close = () => (closing ??= moduleRef.close());
  const enqueue = (event: CrispStoredEvent, bytes = ROW_BYTES) => worker.accept(event, event.data, bytes, true);
  const recordedIds = () => inbox.recorded.map((record) => record.id).sort();

  beforeEach(() => {
    jest.useFakeTimers();
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    script?.openGate();
    await during(close());
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  describe('running and recording', () => {
    beforeEach(() => start());

    it('polls the queue at start-up, claiming twice its concurrency', async () => {
      await until(() => inbox.claim.mock.calls.length > 0, 'the first poll');
      // And one event at most whose last run ended with its process; it holds none yet.
      expect(inbox.claim.mock.calls[0]).toEqual([4, 33_554_432, []]);
    });

    it('runs the handlers of an enqueued event with the payload given, and records it processed', async () => {
      const event = stored('1');
      enqueue(event);
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(inbox.recorded).toEqual([processed('1', MESSAGE_HANDLERS)]);
      expect(script.runs).toEqual(['Handlers.first #1', 'Handlers.second #1']);
      expect(script.events[0]).toMatchObject({
        id: '1',
        known: true,
        event: 'message:send',
        website_id: event.websiteId,
      });
      expect(script.events[0].data).toBe(event.data);
    });

    it('runs an event claimed from the queue with its data turned into the DTO again', async () => {
      inbox.due.push(row('7', 'message:send'));
      worker.poke();
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(inbox.recorded).toEqual([processed('7', MESSAGE_HANDLERS)]);
      expect(script.events[0].data).toBeInstanceOf(MessageSendDto);
      expect(script.events[0].timestamp).toBe(stored('7').timestamp);
    });

    it('counts the attempts the row already had: the last one allowed ends dead (the decision itself: crisp-run-outcome.spec)', async () => {
      script.failing.set('Handlers.second', 'still down');
      inbox.due.push(row('3', 'message:send', ['Handlers.first'], 2));
      worker.poke();
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(inbox.recorded).toEqual([
        {
          id: '3',
          attempt: 3,
          status: 'dead',
          done: [],
          dead: [],
          errors: [{ handler: 'Handlers.second', message: 'still down' }],
          retryInMs: 0,
        },
      ]);
    });

    it('does not run again a handler that already succeeded on the event', async () => {
      inbox.due.push(row('4', 'message:send', ['Handlers.first'], 1));
      worker.poke();
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(script.runs).toEqual(['Handlers.second #4']);
      expect(inbox.recorded).toEqual([processed('4', ['Handlers.second'], 2)]);
    });

    it('does not run again a handler that gave up on the event for good, and ends it dead, not processed', async () => {
      inbox.due.push(row('4', 'message:send', [], 1, ['Handlers.first']));
      worker.poke();
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(script.runs).toEqual(['Handlers.second #4']);
      expect(inbox.recorded).toEqual([{ ...processed('4', ['Handlers.second'], 2), status: 'dead' }]);
    });

    it('records a handler that threw CrispNonRetryableError among the dead, and retries the other', async () => {
      script.failing.set('Handlers.first', 'refused: 403');
      script.nonRetryable.add('Handlers.first');
      script.failing.set('Handlers.second', 'crm down');
      enqueue(stored('1'));
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(inbox.recorded[0]).toMatchObject({ id: '1', status: 'failed', done: [], dead: ['Handlers.first'] });
    });

    it('gives each handler its run context, with the attempt this run is', async () => {
      inbox.due.push(row('8', 'message:send', [], 2));
      worker.poke();
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(script.contexts).toEqual([
        expect.objectContaining({ eventId: '8', handler: 'Handlers.first', attempt: 3 }),
        expect.objectContaining({ eventId: '8', handler: 'Handlers.second', attempt: 3 }),
      ]);
    });

    it('runs an event now and returns its record, which is recorded too', async () => {
      const event = stored('5');
      const record = await worker.runNow(event, event.data, ROW_BYTES);
      expect(record).toEqual(processed('5', MESSAGE_HANDLERS));
      expect(script.runs).toEqual(['Handlers.first #5', 'Handlers.second #5']);
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(inbox.recorded).toEqual([record]);
    });

    it('runs an event now and returns its failure, for the controller to answer 500', async () => {
      script.failing.set('Handlers.first', 'nope');
      const record = await worker.runNow(stored('6'), stored('6').data, ROW_BYTES);
      expect(record).toMatchObject({ id: '6', status: 'failed', done: ['Handlers.second'] });
      expect(record?.errors).toEqual([{ handler: 'Handlers.first', message: 'nope' }]);
    });
  });

  describe('concurrency and leases', () => {
    beforeEach(() => start());

    it('never runs more events at once than its concurrency, whether enqueued or claimed', async () => {
      script.closeGate();
      for (const id of ['1', '2', '3']) enqueue(stored(id, 'session:set_email'));
      inbox.due.push(row('4', 'session:set_email'), row('5', 'session:set_email'), row('6', 'session:set_email'));
      await until(() => script.active === 2, 'two events run');
      await pause(60);
      expect(script.active).toBe(2);
      expect(script.runs).toHaveLength(2);
      script.openGate();
      await until(() => inbox.recorded.length === 6, 'every event is recorded');
      expect(script.maxActive).toBe(2);
      expect(recordedIds()).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(inbox.recorded.every((record) => record.status === 'processed')).toBe(true);
    });

    it('claims only the room it has left, and nothing when it has none', async () => {
      await until(() => inbox.claim.mock.calls.length > 0, 'the first poll');
      script.closeGate();
      for (const id of ['1', '2', '3']) enqueue(stored(id, 'session:set_email'));
      inbox.claim.mockClear();
      await until(() => inbox.claim.mock.calls.length > 0, 'the next poll');
      // 2 running, 1 queued: room for 2 × 2 − 3.
      expect(inbox.claim.mock.calls[0]).toEqual([1, 33_554_432 - 3 * ROW_BYTES]);

      for (const id of ['4', '5']) enqueue(stored(id, 'session:set_email'));
      inbox.claim.mockClear();
      await pause(60);
      expect(inbox.claim).not.toHaveBeenCalled();

      script.openGate();
      await until(() => inbox.recorded.length === 5, 'every event is recorded');
      inbox.claim.mockClear();
      await until(() => inbox.claim.mock.calls.length > 0, 'the next poll');
      expect(inbox.claim.mock.calls[0]).toEqual([4, 33_554_432]);
    });

    it('does not run twice an event it holds, should the queue hand it out again', async () => {
      script.closeGate();
      enqueue(stored('1', 'session:set_email'));
      await until(() => script.active === 1, 'the event runs');
      inbox.due.push(row('1', 'session:set_email'));
      await until(() => inbox.due.length === 0, 'the row is claimed');
      await pause(30);
      script.openGate();
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      await pause(40);
      expect(script.runs).toEqual(['Handlers.slow #1']);
      expect(inbox.recorded).toEqual([processed('1', ['Handlers.slow'])]);
    });

    it('renews the leases of the events it holds, running or queued, until they are recorded', async () => {
      script.closeGate();
      for (const id of ['1', '2', '3']) enqueue(stored(id, 'session:set_email'));
      await until(() => script.active === 2, 'two events run');
      inbox.renewLeases.mockClear();
      await until(() => inbox.renewLeases.mock.calls.length > 0, 'the next poll');
      expect([...inbox.renewLeases.mock.calls[0][0]].sort()).toEqual(['1', '2', '3']);

      script.openGate();
      await until(() => inbox.recorded.length === 3, 'every event is recorded');
      inbox.renewLeases.mockClear();
      await until(() => inbox.renewLeases.mock.calls.some(([ids]) => ids.length === 0), 'a poll holds no lease');
    });

    it('keeps the records the database refused, with their leases, and records them at the next poll', async () => {
      inbox.record.mockRejectedValueOnce(new Error('database down'));
      enqueue(stored('1'));
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(inbox.record).toHaveBeenCalledTimes(2);
      expect(inbox.record.mock.calls[0][0]).toEqual([processed('1', MESSAGE_HANDLERS)]);
      expect(inbox.record.mock.calls[1][0]).toEqual([processed('1', MESSAGE_HANDLERS)]);
      // The poll between the two renewed the lease of the event still unrecorded.
      const [failed, succeeded] = inbox.record.mock.invocationCallOrder;
      const renewedBetween = inbox.renewLeases.mock.calls.filter((_call, index) => {
        const order = inbox.renewLeases.mock.invocationCallOrder[index];
        return order > failed && order < succeeded;
      });
      expect(renewedBetween).toContainEqual([['1']]);
      // The handlers ran once: only the record was repeated.
      expect(script.runs).toEqual(['Handlers.first #1', 'Handlers.second #1']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('database down'));
      await until(() => log.mock.calls.length > 0, 'the recovery is logged');
      expect(log).toHaveBeenCalledWith(expect.stringContaining('Database reachable again'));
    });

    it('keeps polling, and warns once, while the database is unreachable', async () => {
      inbox.claim.mockRejectedValue(new Error('connection refused'));
      inbox.due.push(row('1', 'message:send'));
      const calls = inbox.claim.mock.calls.length;
      await until(() => inbox.claim.mock.calls.length >= calls + 3, 'three more polls');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('connection refused'));
      inbox.claim.mockImplementation((limit: number) => Promise.resolve(inbox.due.splice(0, limit)));
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      expect(inbox.recorded).toEqual([processed('1', MESSAGE_HANDLERS)]);
    });
  });

  describe('events whose last run ended with their process (poison events)', () => {
    /** Leases of 1 s: the queue is asked for such events at start-up, then once a second while it has none. */
    const SHORT_LEASE = { leaseSeconds: 1 };
    /** The claims that asked for one, with the events excepted. */
    const looks = () => inbox.claim.mock.calls.filter(([, , except]) => except !== undefined);

    it('asks for one at start-up, then once per lease while it finds none', async () => {
      await start(SHORT_LEASE);
      await until(() => inbox.claim.mock.calls.length > 0, 'the first poll');
      await pause(2500);
      expect(looks()).toHaveLength(3);
      expect(inbox.claim.mock.calls.length).toBeGreaterThan(looks().length * 10);
    });

    it('excepts the events it holds: a lease that lapsed while it ran them is no crash', async () => {
      await start(SHORT_LEASE);
      script.closeGate();
      enqueue(stored('1', 'session:set_email'));
      await until(() => script.active === 1, 'the event runs');
      const before = looks().length;
      await until(() => looks().length > before, 'the next look', 1500);
      expect(looks().at(-1)![2]).toEqual(['1']);
    });

    it('runs one alone, with that run counted, and takes the next one as soon as it is recorded', async () => {
      // Polls 10 s apart, asking for such events once in 30 s: what is taken within ms comes from a record.
      await start({ pollIntervalMs: 10_000, leaseSeconds: 30, handlerTimeoutMs: 600_000 });
      await until(() => inbox.claim.mock.calls.length > 0, 'the first poll');
      script.closeGate();
      inbox.due.push(
        crashedRow('1', 'session:set_email', 1),
        crashedRow('2', 'session:set_email', 1),
        row('3', 'session:set_email'),
      );
      await pause(30_000);
      await until(() => script.active === 2, 'two events run');
      // The other event no one suspects runs beside it; the second suspect waits.
      expect([...script.runs].sort()).toEqual(['Handlers.slow #1', 'Handlers.slow #3']);
      await pause(60_000);
      expect(script.runs).toHaveLength(2);
      expect(inbox.due.map((event) => event.id)).toEqual(['2']);
      expect(script.contexts.find((context) => context.eventId === '1')?.attempt).toBe(2);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('Crisp event #1 (session:set_email)'));
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('run 2 of 3'));

      script.openGate();
      await until(() => inbox.recorded.length === 3, 'all three are recorded', 100);
      expect(inbox.recorded.slice(0, 2)).toEqual(
        expect.arrayContaining([processed('1', ['Handlers.slow'], 2), processed('3', ['Handlers.slow'])]),
      );
      expect(inbox.recorded[2]).toEqual(processed('2', ['Handlers.slow'], 2));
    });

    it('records one dead without running it when the run counted was the last allowed, and takes the next', async () => {
      const registry = new Registry();
      const metrics = new CrispWebhooksMetrics(registry, () => Promise.reject(new Error('not scraped here')));
      await start(SHORT_LEASE, [{ provide: CRISP_WEBHOOKS_METRICS, useValue: metrics }]);
      inbox.due.push(crashedRow('5', 'message:send', 3), crashedRow('6', 'message:send', 1));
      await until(() => inbox.recorded.length === 2, 'both are recorded', 1500);
      // The decision itself: crisp-run-outcome.spec.
      expect(inbox.recorded[0]).toEqual(crashedRunRecordOf('5', 3, resolveCrispDeliveryConfig(DELIVERY).retry));
      expect(inbox.recorded[1]).toEqual(processed('6', MESSAGE_HANDLERS, 2));
      expect(script.runs).toEqual(['Handlers.first #6', 'Handlers.second #6']);
      expect(error).toHaveBeenCalledWith(expect.stringContaining('Crisp event #5 (message:send) is dead'));
      // Counted dead under the worker's name, as the row's error is: which handler killed the process is unknown.
      const runs = await registry.getSingleMetric('crisp_webhooks_handler_runs_total')!.get();
      expect(runs.values).toContainEqual({ labels: { handler: 'CrispWebhooksWorker', outcome: 'dead' }, value: 1 });
    });
  });

  describe('shutdown', () => {
    beforeEach(() => start());

    it('waits for running handlers, records them, and releases the leases of the events not started', async () => {
      script.closeGate();
      for (const id of ['1', '2', '3']) enqueue(stored(id, 'session:set_email'));
      await until(() => script.active === 2, 'two events run');
      let closed = false;
      const done = close().then(() => (closed = true));
      await pause(40);
      expect(closed).toBe(false);
      expect(inbox.recorded).toEqual([]);
      script.openGate();
      await during(done);

      expect(script.runs).toEqual(['Handlers.slow #1', 'Handlers.slow #2']);
      expect(recordedIds()).toEqual(['1', '2']);
      expect(inbox.recorded.every((record) => record.status === 'processed')).toBe(true);
      expect(inbox.releaseLeases).toHaveBeenCalledTimes(1);
      expect(inbox.releaseLeases).toHaveBeenCalledWith(['3']);
      const lastRecord = Math.max(...inbox.record.mock.invocationCallOrder);
      expect(inbox.releaseLeases.mock.invocationCallOrder[0]).toBeGreaterThan(lastRecord);
    });

    it('stops waiting for hung handlers at shutdownTimeoutMs: their signals fire, their leases go back', async () => {
      await during(close());
      closing = undefined;
      await start({ shutdownTimeoutMs: 100, handlerTimeoutMs: 60_000 });
      script.closeGate();
      for (const id of ['1', '2', '3']) enqueue(stored(id, 'session:set_email'));
      await until(() => script.active === 2, 'two events run');
      let closed = false;
      const done = close().then(() => (closed = true));
      await pause(99);
      expect(closed).toBe(false);
      await during(done);
      expect(script.contexts.map((context) => context.signal.aborted)).toEqual([true, true]);
      expect(inbox.recorded).toEqual([]);
      expect(inbox.releaseLeases).toHaveBeenCalledWith(['3', '1', '2']);
    });

    it('hands back at once the lease of an event stored while it shuts down, without running it', async () => {
      script.closeGate();
      enqueue(stored('1', 'session:set_email'));
      await until(() => script.active === 1, 'one event runs');
      const done = close();
      await pause(20); // Nest reaches beforeApplicationShutdown a few ticks into close()
      enqueue(stored('2', 'session:set_email'));
      expect(await worker.runNow(stored('3'), stored('3').data, ROW_BYTES)).toBeUndefined();
      script.openGate();
      await during(done);
      expect(script.runs).toEqual(['Handlers.slow #1']);
      expect(inbox.releaseLeases).toHaveBeenCalledWith(['2']);
      expect(inbox.releaseLeases).toHaveBeenCalledWith(['3']);
    });

    it('does not retry recording in a loop when the database is gone: one try at shutdown, then none', async () => {
      inbox.record.mockRejectedValue(new Error('database closed'));
      enqueue(stored('1', 'session:set_email'));
      await until(() => inbox.record.mock.calls.length > 0, 'a first try to record');
      await during(close());
      const tries = inbox.record.mock.calls.length;
      await pause(100);
      expect(inbox.record.mock.calls.length).toBe(tries);
      expect(tries).toBeLessThanOrEqual(3);
    });

    it('stops polling once shut down', async () => {
      await until(() => inbox.claim.mock.calls.length > 0, 'the first poll');
      await during(close());
      inbox.claim.mockClear();
      inbox.renewLeases.mockClear();
      worker.poke();
      await pause(60);
      expect(inbox.claim).not.toHaveBeenCalled();
      expect(inbox.renewLeases).not.toHaveBeenCalled();
    });
  });

  /** A poll interval long enough that any claim seen within a test comes from a poke. */
  const SLOW_POLL = { pollIntervalMs: 10_000 };

  describe('per-session order', () => {
    it('polls again as soon as it recorded an event, which may have held the next one of its conversation', async () => {
      await start({ ...SLOW_POLL, orderBySession: true });
      await until(() => inbox.claim.mock.calls.length === 1, 'the first poll');
      inbox.due.push(row('1', 'message:send'));
      worker.poke();
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      await until(() => inbox.claim.mock.calls.length >= 3, 'a poll after the record');
      expect(inbox.record.mock.invocationCallOrder[0]).toBeLessThan(inbox.claim.mock.invocationCallOrder[2]);
    });
  });

  describe('events stored without a lease (spilled)', () => {
    /** Concurrency 1 keeps two events in hand: two gated ones fill it. */
    async function startFull() {
      await start({ ...SLOW_POLL, concurrency: 1 });
      await until(() => inbox.claim.mock.calls.length === 1, 'the first poll');
      script.closeGate();
      enqueue(stored('1', 'session:set_email'));
      enqueue(stored('2', 'session:set_email'));
      expect(worker.takesNow()).toBe(false);
    }

    /** What the controller does with an event it stored while the worker was full. */
    function spill(id: string) {
      inbox.due.push(row(id, 'session:set_email'));
      worker.accept(stored(id, 'session:set_email'), stored(id).data, ROW_BYTES, false);
    }

    it('claims one at once when there is room by the time it is stored', async () => {
      await start(SLOW_POLL);
      await until(() => inbox.claim.mock.calls.length === 1, 'the first poll');
      spill('1');
      await until(() => inbox.recorded.length === 1, 'the spilled event is run');
      expect(inbox.claim).toHaveBeenCalledTimes(2);
    });

    it('polls after a record while events it had no room for wait in the database', async () => {
      await startFull();
      spill('3');
      await pause(30);
      expect(inbox.claim).toHaveBeenCalledTimes(1);
      script.openGate();
      await until(() => inbox.recorded.length === 3, 'the spilled event is run after the others');
    });

    it('stops polling after records once a claim finds fewer events than it had room for', async () => {
      await startFull();
      spill('3');
      script.openGate();
      await until(() => inbox.recorded.length === 3, 'all three are recorded');
      const claims = inbox.claim.mock.calls.length;
      enqueue(stored('4', 'session:set_email'));
      await until(() => inbox.recorded.length === 4, 'a fourth event is recorded');
      await pause(30);
      expect(inbox.claim).toHaveBeenCalledTimes(claims);
    });

    it('keeps polling after records when an event spilled while a claim was under way', async () => {
      await start({ ...SLOW_POLL, concurrency: 1 });
      await until(() => inbox.claim.mock.calls.length === 1, 'the first poll');
      let answerClaim!: () => void;
      inbox.claim.mockImplementationOnce(() => new Promise((resolve) => (answerClaim = () => resolve([]))));
      worker.poke();
      await until(() => inbox.claim.mock.calls.length === 2, 'a claim under way');
      script.closeGate();
      enqueue(stored('1', 'session:set_email'));
      enqueue(stored('2', 'session:set_email'));
      // Stored after the claim's snapshot: the claim cannot have seen it, so it must not end the polling.
      spill('3');
      answerClaim();
      await pause(30);
      script.openGate();
      await until(() => inbox.recorded.length === 3, 'the spilled event is run after the others');
    });

    it('does not poll after a record when nothing waits in the database', async () => {
      await start(SLOW_POLL);
      await until(() => inbox.claim.mock.calls.length === 1, 'the first poll');
      enqueue(stored('1', 'session:set_email'));
      await until(() => inbox.recorded.length === 1, 'the event is recorded');
      await pause(30);
      expect(inbox.claim).toHaveBeenCalledTimes(1);
    });
  });

  describe('back-pressure', () => {
    it('takes events to run straight away only while fewer than twice its concurrency are in hand', async () => {
      await start({ concurrency: 1, pollIntervalMs: 10_000 });
      script.closeGate();
      expect(worker.takesNow()).toBe(true);
      enqueue(stored('1', 'session:set_email'));
      expect(worker.takesNow()).toBe(true);
      enqueue(stored('2', 'session:set_email'));
      expect(worker.takesNow()).toBe(false);
      script.openGate();
      await until(() => inbox.recorded.length === 2, 'both recorded');
      expect(worker.takesNow()).toBe(true);
    });

    it('takes no more events once those in hand weigh maxBufferedBytes, and takes them again once they ran', async () => {
      await start({ concurrency: 4, maxBufferedBytes: 2500, pollIntervalMs: 10_000 });
      script.closeGate();
      enqueue(stored('1', 'session:set_email'), 1200);
      expect(worker.takesNow()).toBe(true);
      enqueue(stored('2', 'session:set_email'), 1200);
      expect(worker.takesNow()).toBe(true);
      enqueue(stored('3', 'session:set_email'), 200);
      // 2600 bytes in hand: far from 8 events, but past the budget.
      expect(worker.takesNow()).toBe(false);
      script.openGate();
      await until(() => inbox.recorded.length === 3, 'all three recorded');
      expect(worker.takesNow()).toBe(true);
    });

    it('always takes a first event, however large, so that one larger than the budget still runs', async () => {
      await start({ maxBufferedBytes: 100, pollIntervalMs: 10_000 });
      expect(worker.takesNow()).toBe(true);
      enqueue(stored('1'), 5000);
      await until(() => inbox.recorded.length === 1, 'the large event is recorded');
      expect(inbox.recorded).toEqual([processed('1', MESSAGE_HANDLERS)]);
    });

    it('claims only the bytes left in its budget, and nothing once it is spent', async () => {
      await start({ concurrency: 4, maxBufferedBytes: 2500, pollIntervalMs: 50 });
      await until(() => inbox.claim.mock.calls.length > 0, 'the first poll');
      script.closeGate();
      enqueue(stored('1', 'session:set_email'), 1500);
      for (const id of ['2', '3', '4']) inbox.due.push(row(id, 'session:set_email', [], 0, [], false, 600));
      inbox.claim.mockClear();
      await until(() => inbox.claim.mock.calls.length > 0, 'the next poll');
      // Room for 7 events, but 1000 bytes: the queue hands out two rows (the second goes past the budget).
      expect(inbox.claim.mock.calls[0]).toEqual([7, 1000]);
      expect(inbox.due.map((r) => r.id)).toEqual(['4']);
      inbox.claim.mockClear();
      await pause(200);
      expect(inbox.claim).not.toHaveBeenCalled();
      script.openGate();
      await until(() => inbox.recorded.length === 4, 'the last row is claimed and run once room is made');
    });

    it('leaves events to the queue in per-session order', async () => {
      await start({ orderBySession: true });
      expect(worker.takesNow()).toBe(false);
    });
  });

  it('retries an event whose emit rejected, because of a host listener that does not suppress errors', async () => {
    await start({}, [ThrowingHostListener]);
    enqueue(stored('1'));
    await until(() => inbox.recorded.length === 1, 'the event is recorded');
    expect(inbox.recorded[0]).toMatchObject({
      id: '1',
      status: 'failed',
      done: [],
      errors: [{ handler: 'EventEmitter2', message: 'host listener exploded' }],
    });
  });
});
