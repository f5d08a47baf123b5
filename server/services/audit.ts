import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { AuditAction, AuditEvent, AuditListInput } from '../../shared/schemas/audit.ts';
import { auditListInput } from '../../shared/schemas/audit.ts';
import { DomainError } from '../../shared/errors.ts';
import type { Queryable } from '../store/types.ts';
import { auditEvents } from '../store/schema.ts';
import { actorOf, type ActionMeta } from '../core/principal.ts';

export interface AuditEntry {
  action: AuditAction;
  widgetId?: string | null;
  kid?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Appends one event; callers pass their transaction so the change and its event commit together. */
export async function recordAudit(q: Queryable, meta: ActionMeta, at: Date, entry: AuditEntry): Promise<void> {
  await insertEvent(q, { accountId: meta.principal.accountId, requestId: meta.requestId, ...actorOf(meta.principal) }, at, entry);
}

/** An event no person or key caused (sign-in protection), attributed to the system. */
export async function recordSystemAudit(
  q: Queryable,
  source: { accountId: string; requestId: string; label: string },
  at: Date,
  entry: AuditEntry,
): Promise<void> {
  await insertEvent(q, { accountId: source.accountId, requestId: source.requestId, actorType: 'system', actorId: null, actorLabel: source.label }, at, entry);
}

type EventSource = Pick<typeof auditEvents.$inferInsert, 'accountId' | 'requestId' | 'actorType' | 'actorId' | 'actorLabel'>;

async function insertEvent(q: Queryable, source: EventSource, at: Date, entry: AuditEntry): Promise<void> {
  await q.insert(auditEvents).values({
    ...source,
    occurredAt: at,
    action: entry.action,
    widgetId: entry.widgetId ?? null,
    kid: entry.kid ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export async function listAudit(
  q: Queryable,
  accountId: string,
  rawInput: AuditListInput,
): Promise<{ items: AuditEvent[]; nextCursor: string | null }> {
  const input = auditListInput.parse(rawInput);
  const where: SQL[] = [eq(auditEvents.accountId, accountId)];
  if (input.cursor) where.push(lt(auditEvents.id, decodeCursor(input.cursor)));
  if (input.action) where.push(eq(auditEvents.action, input.action));
  if (input.widgetId) where.push(eq(auditEvents.widgetId, input.widgetId));
  if (input.actorId) where.push(eq(auditEvents.actorId, input.actorId));
  const rows = await q
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: String(r.id),
      occurredAt: r.occurredAt.toISOString(),
      actor: { type: r.actorType, id: r.actorId, label: r.actorLabel },
      action: r.action as AuditAction,
      widgetId: r.widgetId,
      kid: r.kid,
      before: r.before,
      after: r.after,
      requestId: r.requestId,
    })),
    nextCursor: rows.length > input.limit && last ? String(last.id) : null,
  };
}

function decodeCursor(cursor: string): number {
  const id = Number(cursor);
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new DomainError('BAD_REQUEST', 'cursor: not a cursor from a previous page of audit.list');
  }
  return id;
}
