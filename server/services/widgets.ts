import { and, asc, eq } from 'drizzle-orm';
import { DomainError } from '../../shared/errors.ts';
import type { AuthSettings } from '../../shared/domain/settings.ts';
import type { UserAuthSettings } from '../../shared/schemas/user-auth.ts';
import type { WidgetDetail, WidgetListItem } from '../../shared/schemas/widgets.ts';
import type { Queryable } from '../store/types.ts';
import { widgets } from '../store/schema.ts';

export type WidgetRow = typeof widgets.$inferSelect;

export function toListItem(row: WidgetRow): WidgetListItem {
  return { id: row.id, name: row.name, token: row.token, host: row.host, enforcement: row.enforcement };
}

export function toDetail(row: WidgetRow): WidgetDetail {
  return { ...toListItem(row), createdAt: row.createdAt.toISOString() };
}

export function toSettings(row: WidgetRow): AuthSettings {
  return {
    enforcement: row.enforcement,
    allowlist: { ticketFields: row.allowlistTicketFields, contactFields: row.allowlistContactFields },
    clockLeewaySeconds: row.clockLeewaySeconds,
    maxTokenLifetimeSeconds: row.maxTokenLifetimeSeconds,
    version: row.version,
  };
}

export function toUserAuth(row: WidgetRow): UserAuthSettings {
  return { widgetId: row.id, ...toSettings(row), updatedAt: row.updatedAt.toISOString() };
}

export function listWidgets(q: Queryable, accountId: string) {
  return q.select().from(widgets).where(eq(widgets.accountId, accountId)).orderBy(asc(widgets.createdAt), asc(widgets.name));
}

/** A widget of the caller's account, or NOT_FOUND (another account's widget is not found either). */
export async function findWidget(q: Queryable, accountId: string, widgetId: string, forUpdate = false): Promise<WidgetRow> {
  const query = q
    .select()
    .from(widgets)
    .where(and(eq(widgets.accountId, accountId), eq(widgets.id, widgetId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new DomainError('NOT_FOUND', `No widget ${widgetId} in this account`);
  return row;
}
