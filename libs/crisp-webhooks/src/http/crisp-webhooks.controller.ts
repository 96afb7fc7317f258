import {
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  InternalServerErrorException,
  Post,
  Res,
  ServiceUnavailableException,
  type Type,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { hash } from 'node:crypto';
import { CrispEventValidationPipe, type CrispValidatedHook } from '../validation/crisp-event-validation.pipe';
import { CrispHookAuthGuard } from '../auth/crisp-hook-auth.guard';
import { CrispHookBodyPipe } from './crisp-hook-body.pipe';
import { CrispHookRequest } from './crisp-hook-request.decorator';
import { CrispHookAuthenticator } from '../auth/crisp-hook.authenticator';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import { CrispWebhooksWorker } from '../delivery/crisp-webhooks.worker';
import type { CrispWebhooksConfig } from '../interfaces';
import { CrispWebhookInbox } from '../persistence/crisp-webhook-inbox';
import { noteCrispDelivery } from '../observability/crisp-delivery-outcome';
import { documentCrispHookRoute } from '../openapi/crisp-openapi';
import type { CrispFieldError } from '../validation/validation-errors';

/** The JSON answered to Crisp. @publicApi */
export interface CrispHookAnswer {
  /** Always `true`: the delivery was accepted (a 2xx), so Crisp will not retry it. */
  readonly ok: true;
  /** Id of the stored row; absent when the delivery repeats one already stored. */
  readonly id?: string;
  /** Set when the same body (by SHA-256) was already stored: acknowledged, not stored or run again. */
  readonly duplicate?: true;
  /** Set when the event was quarantined: stored, not dispatched. */
  readonly status?: 'invalid';
  /** Why a quarantined event failed its DTO, field by field (values never included). */
  readonly errors?: readonly CrispFieldError[];
}

/** Seconds Crisp (or a proxy) is asked to wait before retrying when the database is unreachable. */
const RETRY_AFTER_SECONDS = '5';

const attemptOf = (header: string | undefined) => (header && /^\d{1,9}$/.test(header) ? Number(header) : null);

/** Builds the hook controller of one module registration, at its own path. @internal */
export function createCrispWebhooksController(path: string, decorators: readonly ClassDecorator[]): Type {
  @Controller(path)
  class CrispWebhooksController {
    constructor(
      private readonly inbox: CrispWebhookInbox,
      private readonly worker: CrispWebhooksWorker,
      @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
    ) {}

    /**
     * The hot path, in order: credentials present (guard), read and parse, authenticate, validate, store,
     * answer. Handlers run after the answer (or before it, with `handlersBeforeAnswer`), from the stored row.
     */
    @Post()
    @HttpCode(HttpStatus.OK)
    @UseGuards(CrispHookAuthGuard)
    async receive(
      @CrispHookRequest(CrispHookBodyPipe, CrispHookAuthenticator, CrispEventValidationPipe) hook: CrispValidatedHook,
      @Headers('x-delivery-attempt-count') attempt: string | undefined,
      @Res({ passthrough: true }) response: Response,
    ): Promise<CrispHookAnswer> {
      const note = noteCrispDelivery(response, hook.event, hook.websiteId);
      const lease = !hook.errors && (this.config.delivery.handlersBeforeAnswer || this.worker.takesNow());
      const stored = await this.inbox
        .store({
          websiteId: hook.websiteId,
          event: hook.event,
          data: hook.data,
          timestamp: hook.timestamp,
          status: hook.errors ? 'invalid' : 'received',
          errors: hook.errors,
          dedupKey: hash('sha256', hook.raw, 'buffer'),
          deliveryAttempt: attemptOf(attempt),
          rawBody: hook.altered ? hook.raw : null,
          lease,
        })
        .catch(() => {
          response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
          throw new ServiceUnavailableException('The hook could not be stored; retry later.');
        });
      if (stored.id === undefined) {
        note.duplicate = true;
        return { ok: true, duplicate: true };
      }
      const { id } = stored;
      note.id = id;
      if (hook.errors) {
        response.status(HttpStatus.ACCEPTED);
        return { ok: true, id, status: 'invalid', errors: hook.errors };
      }
      const event = { id, websiteId: hook.websiteId, event: hook.event, data: hook.data, timestamp: hook.timestamp };
      // The body's size stands for what its payload weighs in memory while its handlers wait and run.
      if (!this.config.delivery.handlersBeforeAnswer) this.worker.accept(event, hook.payload, hook.raw.length, lease);
      else {
        const run = await this.worker.runNow(event, hook.payload, hook.raw.length);
        if (run && run.status !== 'processed') {
          throw new InternalServerErrorException({
            statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
            message: 'A handler failed; the event is stored and its failed handlers will be retried.',
            id,
            errors: run.errors,
          });
        }
      }
      return { ok: true, id };
    }
  }
  documentCrispHookRoute(CrispWebhooksController);
  for (const decorate of decorators) decorate(CrispWebhooksController);
  return CrispWebhooksController;
}
