import { asc, eq } from 'drizzle-orm';
import type { Field, FieldCatalog } from '../../shared/schemas/fields.ts';
import type { Queryable } from './types.ts';
import { fields } from './schema.ts';

/** The account's ticket and contact fields, in the order the console lists them. */
export async function loadCatalog(q: Queryable, accountId: string): Promise<FieldCatalog> {
  const rows = await q.select().from(fields).where(eq(fields.accountId, accountId)).orderBy(asc(fields.position));
  const toField = (r: (typeof rows)[number]): Field => ({
    name: r.name,
    label: r.label,
    type: r.type as Field['type'],
    custom: r.custom,
    ...(r.choices ? { choices: r.choices } : {}),
  });
  return {
    ticketFields: rows.filter((r) => r.entity === 'ticket').map(toField),
    contactFields: rows.filter((r) => r.entity === 'contact').map(toField),
  };
}
