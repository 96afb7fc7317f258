import 'reflect-metadata';
import { UnauthorizedException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { CrispWebhookKeyGuard } from './crisp-webhook-key.guard';
import { crispWebhooksConfigProvider } from './crisp-webhooks.config';
import { CRISP_WEBHOOKS_MODULE_OPTIONS } from './crisp-webhooks.constants';

const CURRENT_KEY = 'current-key-7f3a9c2e51d84b6f';
const PREVIOUS_KEY = 'previous-key-0b8e4d1a6c9f2e73';
const KEYS = [CURRENT_KEY, PREVIOUS_KEY];

/** An HTTP execution context around a request whose query is `query`, as Express parses it. */
const contextWithQuery = (query: Record<string, unknown>) => new ExecutionContextHost([{ query }, {}, () => undefined]);

describe('CrispWebhookKeyGuard', () => {
  let guard: CrispWebhookKeyGuard;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        { provide: CRISP_WEBHOOKS_MODULE_OPTIONS, useValue: { keys: KEYS } },
        crispWebhooksConfigProvider,
        CrispWebhookKeyGuard,
      ],
    }).compile();
    guard = moduleRef.get(CrispWebhookKeyGuard);
  });

  /** Runs the guard and returns the refusal it throws, failing the test if it lets the request in. */
  function refusal(query: Record<string, unknown>): UnauthorizedException {
    try {
      guard.canActivate(contextWithQuery(query));
    } catch (error) {
      expect(error).toBeInstanceOf(UnauthorizedException);
      return error as UnauthorizedException;
    }
    throw new Error(`The guard let ${JSON.stringify(query)} in`);
  }

  it.each(KEYS)('lets in a request carrying the configured key %s (rotation: every key is accepted)', (key) => {
    expect(guard.canActivate(contextWithQuery({ key }))).toBe(true);
  });

  it.each([
    ['no key', {}],
    ['an empty key', { key: '' }],
    ['a wrong key', { key: 'not-the-key-1234567890abcdef' }],
    ['a key with one character more', { key: `${CURRENT_KEY}0` }],
    ['a key with one character less', { key: CURRENT_KEY.slice(0, -1) }],
    ['a prefix of a real key', { key: CURRENT_KEY.slice(0, 8) }],
    ['a key differing in case', { key: CURRENT_KEY.toUpperCase() }],
    ['both keys concatenated', { key: CURRENT_KEY + PREVIOUS_KEY }],
    ['the key repeated as an array (?key=a&key=b)', { key: [CURRENT_KEY, PREVIOUS_KEY] }],
    ['the key as a one-element array', { key: [CURRENT_KEY] }],
    ['the key as a nested object (?key[a]=…)', { key: { a: CURRENT_KEY } }],
  ])('refuses %s with 401', (_label, query) => {
    expect(refusal(query).getStatus()).toBe(401);
  });

  it('never echoes a configured key or the submitted key in its refusal', () => {
    const submitted = `${CURRENT_KEY}-submitted-by-attacker`;
    for (const query of [{ key: submitted }, { key: [submitted, PREVIOUS_KEY] }, {}]) {
      const error = refusal(query);
      const texts = [error.message, JSON.stringify(error.getResponse())];
      for (const text of texts) {
        for (const secret of [...KEYS, submitted]) expect(text).not.toContain(secret);
      }
    }
  });
});
