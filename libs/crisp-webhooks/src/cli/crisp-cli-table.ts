import type { CrispEventDetail, CrispEventSummary, CrispHandlerRunSummary } from '../admin/crisp-event-summary';

const NONE = '-';

/** A time as a person reads it in a terminal: UTC, to the second. */
export const crispCliTime = (at: Date | null): string =>
  at === null ? NONE : `${at.toISOString().slice(0, 19).replace('T', ' ')}Z`;

/** Rows under a header, each column as wide as its widest cell; a cell is one line (line breaks become spaces). @internal */
export function crispCliTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\s+/g, ' ')));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** How the handlers stand, counted by status: `2 processed, 1 dead`. */
function handlersCell(handlers: readonly CrispHandlerRunSummary[]): string {
  if (handlers.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const { status } of handlers) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
}

/** The events of a page, one line each. @internal */
export const crispCliEventsTable = (items: readonly CrispEventSummary[]): string =>
  crispCliTable(
    ['ID', 'RECEIVED', 'EVENT', 'STATUS', 'ATTEMPTS', 'SESSION', 'HANDLERS'],
    items.map((item) => [
      item.id,
      crispCliTime(item.receivedAt),
      item.event,
      item.payloadDropped ? `${item.status} (payload dropped)` : item.status,
      String(item.attempts),
      item.sessionId ?? NONE,
      handlersCell(item.handlers),
    ]),
  );

/**
 * One event whole: its fields, each handler's outcome and last error, its runs over time, validation errors, and
 * the payload. @internal
 */
export function crispCliEventDetail(event: CrispEventDetail): string {
  const fields: [string, string][] = [
    ['id', event.id],
    ['event', event.event],
    ['website', event.websiteId],
    ['session', event.sessionId ?? NONE],
    ['status', event.status],
    ['attempts', String(event.attempts)],
    ['delivery attempt', event.deliveryAttempt === null ? NONE : String(event.deliveryAttempt)],
    ['received', crispCliTime(event.receivedAt)],
    ['occurred', crispCliTime(event.occurredAt)],
    ['processed', crispCliTime(event.processedAt)],
    ['next attempt', event.status === 'failed' ? crispCliTime(event.nextAttemptAt) : NONE],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  const sections = [fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')];
  if (event.handlers.length > 0) {
    sections.push(
      crispCliTable(
        ['HANDLER', 'STATUS', 'LAST ERROR'],
        event.handlers.map((run) => [run.handler, run.status, run.error ?? NONE]),
      ),
    );
  }
  if (event.attemptHistory.length > 0) {
    const names = (handlers: readonly string[]) => (handlers.length > 0 ? handlers.join(', ') : NONE);
    sections.push(
      crispCliTable(
        ['RUN', 'ENDED', 'BECAME', 'SUCCEEDED', 'FAILED'],
        event.attemptHistory.map((run) => [
          String(run.attempt),
          crispCliTime(run.at),
          run.status,
          names(run.done),
          names(run.failed),
        ]),
      ),
    );
  }
  if (event.validationErrors?.length) {
    const lines = event.validationErrors.map((error) => `  ${error.path}: ${error.messages.join('; ')}`);
    sections.push(['Validation errors:', ...lines].join('\n'));
  }
  sections.push(
    event.payloadDropped
      ? 'Payload: dropped by retention (the row, its outcome and its dedup key stay).'
      : `Payload:\n${JSON.stringify(event.data, null, 2)}`,
  );
  return sections.join('\n\n');
}
