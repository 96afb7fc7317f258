import {
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Post,
  Res,
  ServiceUnavailableException,
  type Type,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import { CrispEventDispatcher } from './crisp-event.dispatcher';
import { CrispEventValidationPipe, type CrispValidatedHook } from './crisp-event-validation.pipe';
import { CrispHookBodyPipe } from './crisp-hook-body.pipe';
import { CrispHookRequest } from './crisp-hook-request.decorator';
import { CrispWebhookKeyGuard } from './crisp-webhook-key.guard';
import type { CrispEvent, CrispUnknownEvent } from './events/crisp-event.types';
import { CrispWebhookInbox } from './persistence/crisp-webhook-inbox';
import type { CrispFieldError } from './utils/validation-errors.util';

/** The JSON answered to Crisp. @publicApi */
export interface CrispHookAnswer {
  readonly ok: true;
  /** Id of the stored row; absent when the delivery repeats one already stored. */
  readonly id?: string;
  readonly duplicate?: true;
  /** Set when the event was quarantined: stored, not dispatched. */
  readonly status?: 'invalid';
  readonly errors?: readonly CrispFieldError[];
}

/** Seconds Crisp (or a proxy) is asked to wait before retrying when the database is unreachable. */
const RETRY_AFTER_SECONDS = '5';

const attemptOf = (header: string | undefined) => (header && /^\d{1,9}$/.test(header) ? Number(header) : null);

const toEvent = (id: string, hook: CrispValidatedHook) =>
  ({
    id,
    known: hook.known,
    website_id: hook.websiteId,
    event: hook.event,
    data: hook.payload,
    timestamp: hook.timestamp,
  }) as CrispEvent | CrispUnknownEvent;

/** Builds the hook controller of one module registration, at its own path. @internal */
export function createCrispWebhooksController(path: string, decorators: readonly ClassDecorator[]): Type {
  @Controller(path)
  class CrispWebhooksController {
    constructor(
      private readonly inbox: CrispWebhookInbox,
      private readonly dispatcher: CrispEventDispatcher,
    ) {}

    /** The hot path, in order: key guard, read and parse, validate, store, answer; handlers run after. */
    @Post()
    @HttpCode(HttpStatus.OK)
    @UseGuards(CrispWebhookKeyGuard)
    async receive(
      @CrispHookRequest(CrispHookBodyPipe, CrispEventValidationPipe) hook: CrispValidatedHook,
      @Headers('x-delivery-attempt-count') attempt: string | undefined,
      @Res({ passthrough: true }) response: Response,
    ): Promise<CrispHookAnswer> {
      const { id } = await this.inbox
        .store({
          websiteId: hook.websiteId,
          event: hook.event,
          data: hook.data,
          timestamp: hook.timestamp,
          status: hook.errors ? 'invalid' : 'received',
          errors: hook.errors,
          dedupKey: createHash('sha256').update(hook.raw).digest(),
          deliveryAttempt: attemptOf(attempt),
        })
        .catch(() => {
          response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
          throw new ServiceUnavailableException('The hook could not be stored; retry later.');
        });
      if (id === undefined) return { ok: true, duplicate: true };
      if (hook.errors) {
        response.status(HttpStatus.ACCEPTED);
        return { ok: true, id, status: 'invalid', errors: hook.errors };
      }
      this.dispatcher.dispatchInBackground(toEvent(id, hook));
      return { ok: true, id };
    }
  }
  for (const decorate of decorators) decorate(CrispWebhooksController);
  return CrispWebhooksController;
}
