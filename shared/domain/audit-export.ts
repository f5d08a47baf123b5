import type { AuditEvent } from '../schemas/audit.ts';

/** The CSV's columns, in order: the event as `audit.list` returns it, the actor spread out. */
const COLUMNS = ['occurredAt', 'actorType', 'actorId', 'actorLabel', 'action', 'widgetId', 'kid', 'before', 'after', 'requestId'] as const;

function cellsOf(event: AuditEvent): Record<(typeof COLUMNS)[number], string | null> {
  return {
    occurredAt: event.occurredAt,
    actorType: event.actor.type,
    actorId: event.actor.id,
    actorLabel: event.actor.label,
    action: event.action,
    widgetId: event.widgetId,
    kid: event.kid,
    before: event.before === null ? null : JSON.stringify(event.before),
    after: event.after === null ? null : JSON.stringify(event.after),
    requestId: event.requestId,
  };
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula;
 * labels come from people (an API key's name), so such a cell is prefixed with ' (OWASP, CSV
 * injection).
 */
function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 §2: a field holding a quote, comma or line break is quoted, its quotes doubled. */
function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The events as RFC 4180 CSV: a header row, CRLF line ends, before/after as JSON text. */
export function auditToCsv(events: readonly AuditEvent[]): string {
  const rows = events.map((event) => {
    const cells = cellsOf(event);
    return COLUMNS.map((column) => quote(defuse(cells[column] ?? ''))).join(',');
  });
  return [COLUMNS.join(','), ...rows].map((row) => `${row}\r\n`).join('');
}

/** The events as JSON Lines: one event per line, exactly as `audit.list` returns it. */
export function auditToJsonLines(events: readonly AuditEvent[]): string {
  return events.map((event) => `${JSON.stringify(event)}\n`).join('');
}
