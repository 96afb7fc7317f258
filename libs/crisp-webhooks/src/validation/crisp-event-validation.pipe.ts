import { BadRequestException, Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { isObject } from 'class-validator';
import type { CrispParsedHook } from '../http/crisp-hook-body.pipe';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import { CrispEventEnvelopeDto } from '../dto/crisp-event-envelope.dto';
import { isCrispEventName } from '../events/crisp-event-pattern.util';
import type { CrispWebhooksConfig } from '../interfaces';
import { cacheValidationMetadata } from './validation-metadata-cache';
import type { CrispFieldError } from './validation-errors';
import { crispFieldErrorsOf, validateCrispEventData } from './validate-crisp-event';

/** A hook whose envelope is valid, with its data checked against the event's DTO. @internal */
export interface CrispValidatedHook {
  readonly raw: Buffer;
  /** The body had to be altered to be stored (see `CrispParsedHook.altered`). */
  readonly altered: boolean;
  readonly websiteId: string;
  readonly event: string;
  readonly timestamp: number;
  /** `data` as Crisp sent it: what is stored, unknown fields included. */
  readonly data: Record<string, unknown>;
  /** What handlers receive as `data`: the DTO instance of a known event, the plain object otherwise. */
  readonly payload: object;
  readonly known: boolean;
  /** The fields that failed the event's DTO; `null` when the data is valid or the event unknown. */
  readonly errors: readonly CrispFieldError[] | null;
}

const invalid = (message: string, errors: readonly CrispFieldError[]) =>
  new BadRequestException({ statusCode: 400, error: 'Bad Request', message, errors });

/**
 * Checks the envelope (400 when it is not a Crisp hook) and then `data` against the DTO of its event.
 * Invalid data of a known event is quarantined (passed on with its errors) or refused with 400,
 * as `invalidEvents` says. An event outside the catalogue passes unchecked: Crisp adds events.
 */
@Injectable()
export class CrispEventValidationPipe implements PipeTransform<CrispParsedHook, CrispValidatedHook> {
  constructor(@Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig) {
    cacheValidationMetadata();
  }

  transform({ raw, body, altered }: CrispParsedHook): CrispValidatedHook {
    if (!isObject(body)) throw invalid('Body is not a Crisp hook: expected a JSON object.', []);
    // Only the four fields: assigning the body itself would let a `__proto__` key replace the DTO's prototype.
    const { website_id, event: name, data: fields, timestamp: at } = body as Record<string, unknown>;
    const envelope = Object.assign(new CrispEventEnvelopeDto(), {
      website_id,
      event: name,
      data: fields,
      timestamp: at,
    });
    const envelopeErrors = crispFieldErrorsOf(envelope);
    if (envelopeErrors.length > 0) throw invalid('Body is not a Crisp hook envelope.', envelopeErrors);

    const { website_id: websiteId, event, data, timestamp } = envelope;
    const hook = { raw, altered, websiteId, event, timestamp, data };
    if (!isCrispEventName(event)) return { ...hook, payload: data, known: false, errors: null };

    const { payload, errors } = validateCrispEventData(event, data);
    if (errors.length === 0) return { ...hook, payload, known: true, errors: null };
    if (this.config.invalidEvents === 'reject') throw invalid(`The data of ${event} failed validation.`, errors);
    return { ...hook, payload, known: true, errors };
  }
}
