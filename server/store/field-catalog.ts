import { and, asc, eq, max } from 'drizzle-orm';
import type { Field, FieldCatalog, FieldKind, ManagedField } from '../../shared/schemas/fields.ts';
import type { Queryable } from './types.ts';
import { fields } from './schema.ts';

type FieldRow = typeof fields.$inferSelect;

function toField(r: FieldRow): Field {
  return {
    name: r.name,
    label: r.label,
    type: r.type as Field['type'],
    custom: r.custom,
    ...(r.choices ? { choices: r.choices } : {}),
    version: r.version,
  };
}

export function toManagedField(r: FieldRow): ManagedField {
  return { ...toField(r), kind: r.entity, version: r.version, archivedAt: r.archivedAt?.toISOString() ?? null };
}

/** The account's active ticket and contact fields, in the order the console lists them. */
export async function loadCatalog(q: Queryable, accountId: string, options: { includeArchived?: boolean } = {}): Promise<FieldCatalog> {
  const rows = await q.select().from(fields).where(eq(fields.accountId, accountId)).orderBy(asc(fields.position), asc(fields.id));
  const active = rows.filter((r) => r.archivedAt === null);
  return {
    ticketFields: active.filter((r) => r.entity === 'ticket').map(toField),
    contactFields: active.filter((r) => r.entity === 'contact').map(toField),
    ...(options.includeArchived ? { archived: rows.filter((r) => r.archivedAt !== null).map(toManagedField) } : {}),
  };
}

/** One field of the account, archived or not, locked for a versioned change when `forUpdate`. */
export async function findField(q: Queryable, accountId: string, kind: FieldKind, name: string, forUpdate = false): Promise<FieldRow | undefined> {
  const query = q
    .select()
    .from(fields)
    .where(and(eq(fields.accountId, accountId), eq(fields.entity, kind), eq(fields.name, name)))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Where a new field goes: after the last one of its kind. */
export async function nextPosition(q: Queryable, accountId: string, kind: FieldKind): Promise<number> {
  const [row] = await q
    .select({ last: max(fields.position) })
    .from(fields)
    .where(and(eq(fields.accountId, accountId), eq(fields.entity, kind)));
  return (row?.last ?? -1) + 1;
}

