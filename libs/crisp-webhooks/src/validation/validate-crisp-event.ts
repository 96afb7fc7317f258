import type { Type } from '@nestjs/common';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { CRISP_EVENT_DTOS } from '../events/crisp-event.registry';
import type { CrispEventName } from '../events/crisp-event.types';
import { type CrispFieldError, toCrispFieldErrors } from './validation-errors';
import { toCrispDto } from './to-crisp-dto';
import { passesValidation } from './validity-check';

/**
 * Unknown fields are kept (Crisp adds fields), and error reports never echo values. `passesValidation` stands for
 * `validateSync` with exactly these options.
 * @internal
 */
export const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: false,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/**
 * The fields of an object (an envelope DTO) that fail its class-validator rules, with paths under `prefix`.
 * A valid object, nearly every delivery, is told apart without class-validator's error tree; the errors of
 * an invalid one are class-validator's own.
 * @internal
 */
export const crispFieldErrorsOf = (object: object, prefix?: string): CrispFieldError[] =>
  passesValidation(object) ? [] : toCrispFieldErrors(validateSync(object, VALIDATOR_OPTIONS), prefix);

/**
 * `data` of a known event turned into its DTO and checked, as every hook is: the request pipe, and a
 * quarantined event validated again against today's DTOs, use this one function.
 * @internal
 */
export function validateCrispEventData(
  event: CrispEventName,
  data: Record<string, unknown>,
): { readonly payload: object; readonly errors: CrispFieldError[] } {
  const payload = toCrispDto(CRISP_EVENT_DTOS[event] as Type<object>, data);
  return { payload, errors: crispFieldErrorsOf(payload, 'data') };
}
