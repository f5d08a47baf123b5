import type { Contact } from '../../../shared/schemas/tickets.ts';
import { Badge } from '../../ui/Badge.tsx';

/** How agents see a contact in one line: name, then email or customer id, else anonymous. */
export function contactLabel(contact: Pick<Contact, 'name' | 'email' | 'uniqueExternalId'>): string {
  const id = contact.email ?? (contact.uniqueExternalId ? `customer ${contact.uniqueExternalId}` : null);
  if (contact.name && id) return `${contact.name} (${id})`;
  return contact.name ?? id ?? 'Anonymous visitor';
}

/** The tag on a chat whose visitor had no valid token (SPEC §1). Verified chats carry nothing. */
export function UnauthenticatedTag() {
  return <Badge tone="warning">Unauthenticated session</Badge>;
}
