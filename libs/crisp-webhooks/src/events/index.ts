export { CRISP_EVENT_DTOS } from './crisp-event.registry';
export { CRISP_EVENT_NAMES, isCrispEventName } from './crisp-event-pattern.util';
export type {
  CrispEvent,
  CrispEventData,
  CrispEventName,
  CrispEventPattern,
  CrispEventPayload,
  CrispUnknownEvent,
  ExpandCrispEventPattern,
} from './crisp-event.types';
