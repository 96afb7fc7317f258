export { crispEvent, type CrispEventEnvelope, type CrispEventOverrides } from './crisp-event.factory';
export { CRISP_EVENT_SAMPLES } from './crisp-event-samples';
export { crispSignatureHeaders } from './crisp-signature-headers';
