import { plainToInstance } from 'class-transformer';
import type { Type } from '@nestjs/common';
import { isCrispEventName } from '../events/crisp-event-pattern.util';
import { CRISP_EVENT_DTOS } from '../events/crisp-event.registry';
import type { CrispEvent, CrispUnknownEvent } from '../events/crisp-event.types';
import type { CrispStoredEvent } from '../persistence/crisp-stored-event';

/**
 * What handlers receive for a stored event. `payload` is the DTO instance the request was validated
 * into; without it (an event run again from the database) the data is turned into its DTO again.
 * @internal
 */
export function toCrispEvent(stored: CrispStoredEvent, payload?: object): CrispEvent | CrispUnknownEvent {
  const known = isCrispEventName(stored.event);
  const dto: Type<object> | undefined = known
    ? CRISP_EVENT_DTOS[stored.event as keyof typeof CRISP_EVENT_DTOS]
    : undefined;
  const data = payload ?? (dto ? plainToInstance(dto, stored.data) : stored.data);
  const { id, websiteId, event, timestamp } = stored;
  return { id, known, website_id: websiteId, event, data, timestamp } as CrispEvent | CrispUnknownEvent;
}
