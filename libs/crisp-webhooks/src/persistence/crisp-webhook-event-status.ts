/**
 * Where a stored delivery stands. `received`: stored, handlers not finished; `processed`: every
 * handler succeeded; `failed`: at least one handler threw (see `errors`); `invalid`: quarantined,
 * its data failed the event's DTO (see `errors`), never dispatched.
 *
 * @publicApi
 */
export const CRISP_WEBHOOK_EVENT_STATUSES = ['received', 'processed', 'failed', 'invalid'] as const;

/** @publicApi */
export type CrispWebhookEventStatus = (typeof CRISP_WEBHOOK_EVENT_STATUSES)[number];
