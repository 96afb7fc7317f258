/**
 * Where a stored delivery stands.
 * - `received`: stored; its handlers have not all run yet.
 * - `processed`: every handler succeeded.
 * - `failed`: a handler threw (see `errors`); it is retried at `next_attempt_at`.
 * - `dead`: a handler still failed after the last attempt (see `errors`); no more retries.
 * - `invalid`: quarantined, its data failed the event's DTO (see `errors`); never dispatched.
 *
 * @publicApi
 */
export const CRISP_WEBHOOK_EVENT_STATUSES = ['received', 'processed', 'failed', 'dead', 'invalid'] as const;

/** One of `CRISP_WEBHOOK_EVENT_STATUSES`: where a stored delivery stands. @publicApi */
export type CrispWebhookEventStatus = (typeof CRISP_WEBHOOK_EVENT_STATUSES)[number];
