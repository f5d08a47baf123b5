import { DomainError } from '../errors.ts';
import type { FieldCatalog } from '../schemas/fields.ts';
import type { Allowlist } from '../schemas/user-auth.ts';

/**
 * Checks an allowlist against the account's field catalog and returns it deduplicated and in
 * catalog order. Unknown names are refused by name, so the admin sees exactly what was wrong.
 */
export function normalizeAllowlist(catalog: FieldCatalog, allowlist: Allowlist): Allowlist {
  const ticket = pick(catalog.ticketFields, allowlist.ticketFields);
  const contact = pick(catalog.contactFields, allowlist.contactFields);
  const fieldErrors: Record<string, string[]> = {};
  if (ticket.unknown.length > 0) {
    fieldErrors['allowlist.ticketFields'] = [`Unknown ticket field: ${ticket.unknown.join(', ')}`];
  }
  if (contact.unknown.length > 0) {
    fieldErrors['allowlist.contactFields'] = [`Unknown contact field: ${contact.unknown.join(', ')}`];
  }
  const messages = Object.values(fieldErrors).flat();
  if (messages.length > 0) throw new DomainError('BAD_REQUEST', messages.join('; '), fieldErrors);
  return { ticketFields: ticket.known, contactFields: contact.known };
}

function pick(fields: FieldCatalog['ticketFields'], names: readonly string[]) {
  const wanted = new Set(names);
  const known = fields.filter((f) => wanted.has(f.name)).map((f) => f.name);
  const knownSet = new Set(known);
  const unknown = [...wanted].filter((n) => !knownSet.has(n));
  return { known, unknown };
}

export function sameAllowlist(a: Allowlist, b: Allowlist): boolean {
  const eq = (x: readonly string[], y: readonly string[]) =>
    x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.ticketFields, b.ticketFields) && eq(a.contactFields, b.contactFields);
}
