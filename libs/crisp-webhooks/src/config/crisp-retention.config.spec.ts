// The event catalogue's DTOs use class-transformer's @Type, which needs the Reflect metadata API.
import 'reflect-metadata';
import { resolveCrispRetentionConfig } from './crisp-retention.config';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispRetentionOptions } from '../interfaces';

const DAY = 86_400_000;
const untyped = (options: Record<string, unknown>) => options as unknown as CrispRetentionOptions;

describe('resolveCrispRetentionConfig', () => {
  it('is off unless asked for', () => {
    expect(resolveCrispRetentionConfig(undefined)).toBeUndefined();
    expect(resolveCrispRetentionConfig(false)).toBeUndefined();
  });

  it('applies the defaults: processed and invalid 30 days, dead kept, payloads 7 days, hourly, 1000 a batch', () => {
    expect(resolveCrispRetentionConfig({})).toEqual({
      ages: { processed: 30 * DAY, invalid: 30 * DAY, dead: null },
      events: new Map(),
      payloadMs: 7 * DAY,
      everyMs: 3_600_000,
      batchSize: 1000,
    });
  });

  it('keeps the values given; false keeps those events', () => {
    const config = resolveCrispRetentionConfig({
      processed: false,
      invalid: '2h',
      dead: '90d',
      payload: false,
      every: '5m',
      batchSize: 50,
    });
    expect(config).toEqual({
      ages: { processed: null, invalid: 7_200_000, dead: 90 * DAY },
      events: new Map(),
      payloadMs: null,
      everyMs: 300_000,
      batchSize: 50,
    });
  });

  it('gives events their own ages: a name over its family, a narrower family over a wider one, the rest as set above', () => {
    const config = resolveCrispRetentionConfig({
      processed: '60d',
      events: {
        'message:send': { processed: '2d' },
        'message:*': { processed: '365d', dead: '400d' },
        'message:acknowledge:*': { processed: false },
        'session:set_email': { invalid: '60d' },
      },
    })!;
    expect(config.events.get('message:send')).toEqual({ processed: 2 * DAY, invalid: 30 * DAY, dead: 400 * DAY });
    expect(config.events.get('message:received')).toEqual({ processed: 365 * DAY, invalid: 30 * DAY, dead: 400 * DAY });
    expect(config.events.get('message:acknowledge:delivered')).toEqual({
      processed: null,
      invalid: 30 * DAY,
      dead: 400 * DAY,
    });
    expect(config.events.get('session:set_email')).toEqual({ processed: 60 * DAY, invalid: 60 * DAY, dead: null });
    expect(config.events.has('session:set_phone')).toBe(false);
  });

  it('leaves out events whose ages are those of every event', () => {
    expect(resolveCrispRetentionConfig({ events: { 'spam:*': { processed: '30d' } } })!.events).toEqual(new Map());
  });

  it.each([
    [{ processed: '30' }, /retention.processed must be a duration of at least an hour/],
    [{ invalid: '59m' }, /retention.invalid must be a duration of at least an hour.* got 59m/],
    [{ dead: true }, /retention.dead must be/],
    [{ events: { 'message:send': { dead: '1s' } } }, /retention.events\['message:send'\].dead must be/],
    [{ events: { 'nothing:*': { dead: '1d' } } }, /retention.events\['nothing:\*'\] names no Crisp event/],
    [{ events: { 'message:sent': { dead: '1d' } } }, /names no Crisp event/],
    [{ payload: '30d' }, /retention.payload \(30d\) is not shorter than the retention of processed events/],
    [{ payload: '2h', processed: '1h' }, /not shorter/],
    [{ every: '0s' }, /retention.every must be a duration of at least a second/],
    [{ every: 60 }, /retention.every must be/],
    [{ batchSize: 0 }, /retention.batchSize must be a whole number from 1 to 100000, got 0/],
    [{ batchSize: 1.5 }, /batchSize/],
  ])('refuses %p with an error that says how to fix it', (options, message) => {
    expect(() => resolveCrispRetentionConfig(untyped(options))).toThrow(CrispWebhooksConfigurationError);
    expect(() => resolveCrispRetentionConfig(untyped(options))).toThrow(message);
  });

  it('accepts a payload age longer than the default when some processed events outlive it', () => {
    const config = resolveCrispRetentionConfig({ payload: '60d', events: { 'message:*': { processed: '365d' } } });
    expect(config?.payloadMs).toBe(60 * DAY);
  });
});
