import type { CrispEventStats, CrispReplayResult } from './crisp-webhook-events.admin';
import type { CrispEventDetail, CrispEventSummary } from './crisp-event-summary';

/** An event summary as the admin API answers it (snake_case, dates as ISO 8601). @internal */
export const crispEventSummaryJson = (event: CrispEventSummary) => ({
  id: event.id,
  event: event.event,
  website_id: event.websiteId,
  session_id: event.sessionId,
  status: event.status,
  attempts: event.attempts,
  delivery_attempt: event.deliveryAttempt,
  received_at: event.receivedAt,
  occurred_at: event.occurredAt,
  processed_at: event.processedAt,
  next_attempt_at: event.nextAttemptAt,
  payload_dropped: event.payloadDropped,
  handlers: event.handlers,
});

/** One event whole as the admin API answers it. @internal */
export const crispEventDetailJson = (event: CrispEventDetail) => ({
  ...crispEventSummaryJson(event),
  data: event.data,
  validation_errors: event.validationErrors,
  errors: event.errors,
  attempt_history: event.attemptHistory.map((run) => ({
    attempt: run.attempt,
    at: run.at,
    status: run.status,
    done: run.done,
    failed: run.failed,
    dead: run.dead,
  })),
});

/** A replay's outcome as the admin API answers it. @internal */
export const crispReplayJson = (result: CrispReplayResult) => ({
  queued: result.queued,
  dry_run: result.dryRun,
  matched: result.matched,
  leased: result.leased,
  still_invalid: result.stillInvalid,
  payload_dropped: result.payloadDropped,
});

/** The stats as the admin API answers them. @internal */
export const crispStatsJson = (stats: CrispEventStats) => ({
  last_hour: stats.lastHour,
  last_day: stats.lastDay,
  backlog: stats.backlog,
  oldest_unfinished_age_seconds: stats.oldestUnfinishedAgeSeconds,
  websites: stats.websites.map((website) => ({
    website_id: website.websiteId,
    last_delivery_at: website.lastDeliveryAt,
  })),
  announced_retries: { last_hour: stats.announcedRetries.lastHour, last_day: stats.announcedRetries.lastDay },
});
