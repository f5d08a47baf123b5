import type { VerifiedToken } from '../token/verify-types.ts';

/** Ticket fields stored as columns; every other ticket field is a property. */
export const TICKET_COLUMNS: ReadonlySet<string> = new Set(['subject', 'description', 'status', 'priority', 'type']);

/** What a chat start says of its contact, before the store is asked who already exists. */
export interface ContactFromToken {
  /** The identity email (verified), or null. */
  email: string | null;
  externalId: string | null;
  name: string | null;
  /** An email given in contactProperties, to be kept only if no other verified contact has it. */
  emailProperty: string | null;
  properties: Record<string, unknown>;
}

/** A chat's contact from its verified token; an anonymous visitor's is empty (SPEC §3). */
export function contactFromToken(verified: VerifiedToken | null): ContactFromToken {
  const { name, email, ...properties } = verified?.contactProperties ?? {};
  return {
    email: verified && 'email' in verified.identity ? verified.identity.email : null,
    externalId: verified && 'uniqueExternalId' in verified.identity ? verified.identity.uniqueExternalId : null,
    name: typeof name === 'string' ? name : null,
    emailProperty: typeof email === 'string' ? email.toLowerCase() : null,
    properties,
  };
}

export interface TicketFromChat {
  subject: string;
  description: string;
  status: string;
  priority: number | null;
  type: string | null;
  properties: Record<string, unknown>;
}

/**
 * The ticket a chat opens: the visitor's first message is its description and, first line
 * shortened, its subject; the token's ticketProperties fill the rest.
 */
export function ticketFromChat(verified: VerifiedToken | null, message: string | undefined, who: string | null): TicketFromChat {
  const t = verified?.ticketProperties ?? {};
  const properties = Object.fromEntries(Object.entries(t).filter(([name]) => !TICKET_COLUMNS.has(name)));
  const firstLine = message?.split('\n')[0]?.trim();
  return {
    subject: typeof t.subject === 'string' ? t.subject : firstLine ? truncate(firstLine, 80) : `Chat from ${who ?? 'a visitor'}`,
    description: message ?? (typeof t.description === 'string' ? t.description : ''),
    status: typeof t.status === 'string' ? t.status : 'Open',
    priority: typeof t.priority === 'number' ? t.priority : null,
    type: typeof t.type === 'string' ? t.type : null,
    properties,
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
