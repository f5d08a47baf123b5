import { base64UrlDecodeText, base64UrlEncode } from '../../shared/base64url.ts';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { DomainError } from '../../shared/errors.ts';
import type { TicketDetail, TicketListItem } from '../../shared/schemas/tickets.ts';
import type { Db } from '../store/types.ts';
import { findVerifiedContactByEmail } from '../store/chat-store.ts';
import { contacts, tickets, widgets } from '../store/schema.ts';
import { sessionOfTicket, ticketMessages } from '../store/session-store.ts';

/** Newest first; the cursor is the last item's time and id, so pages never skip or repeat. */
export function createTicketService(deps: { db: Db }) {
  const { db } = deps;
  return {
    async list(accountId: string, input: { limit: number; cursor?: string | null | undefined; authenticated?: boolean | undefined }) {
      const after = input.cursor ? decodeCursor(input.cursor) : null;
      const rows = await db
        .select({ ticket: tickets, contact: contacts, widgetName: widgets.name })
        .from(tickets)
        .innerJoin(contacts, eq(contacts.id, tickets.contactId))
        .innerJoin(widgets, eq(widgets.id, tickets.widgetId))
        .where(
          and(
            eq(tickets.accountId, accountId),
            input.authenticated === undefined ? undefined : eq(tickets.authenticated, input.authenticated),
            after ? or(lt(tickets.createdAt, after.at), and(eq(tickets.createdAt, after.at), lt(tickets.id, after.id))) : undefined,
          ),
        )
        .orderBy(desc(tickets.createdAt), desc(tickets.id))
        .limit(input.limit + 1);
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      const items: TicketListItem[] = page.map(({ ticket, contact, widgetName }) => ({
        id: ticket.id,
        subject: ticket.subject,
        authenticated: ticket.authenticated,
        status: ticket.status,
        test: ticket.test,
        createdAt: ticket.createdAt.toISOString(),
        widget: { id: ticket.widgetId, name: widgetName },
        contact: { id: contact.id, name: contact.name, email: contact.email, uniqueExternalId: contact.uniqueExternalId },
      }));
      return { items, nextCursor: rows.length > input.limit && last ? encodeCursor(last.ticket.createdAt, last.ticket.id) : null };
    },

    async get(accountId: string, id: string): Promise<TicketDetail> {
      const [row] = await db
        .select({ ticket: tickets, contact: contacts, widgetName: widgets.name })
        .from(tickets)
        .innerJoin(contacts, eq(contacts.id, tickets.contactId))
        .innerJoin(widgets, eq(widgets.id, tickets.widgetId))
        .where(and(eq(tickets.accountId, accountId), eq(tickets.id, id)));
      if (!row) throw new DomainError('NOT_FOUND', `No ticket ${id} in this account`);
      const { ticket, contact } = row;
      const [session, messages, owner] = await Promise.all([
        sessionOfTicket(db, accountId, ticket.id),
        ticketMessages(db, ticket.id),
        // An unverified visitor typed a verified contact's email: the agent is told, nothing is attached.
        !contact.verified && contact.email ? findVerifiedContactByEmail(db, accountId, contact.email) : Promise.resolve(undefined),
      ]);
      return {
        id: ticket.id,
        subject: ticket.subject,
        description: ticket.description,
        authenticated: ticket.authenticated,
        verification: ticket.verification,
        status: ticket.status,
        priority: ticket.priority,
        type: ticket.type,
        properties: ticket.properties,
        test: ticket.test,
        droppedFields: ticket.droppedFields,
        createdAt: ticket.createdAt.toISOString(),
        widget: { id: ticket.widgetId, name: row.widgetName },
        contact: {
          id: contact.id,
          name: contact.name,
          email: contact.email,
          uniqueExternalId: contact.uniqueExternalId,
          properties: contact.properties,
          verified: contact.verified,
          provenance: contact.provenance,
        },
        provenance: ticket.provenance,
        claimedEmail: owner && contact.email ? { email: contact.email, verifiedContactId: owner.id } : null,
        session: session
          ? { id: session.id, state: session.endedAt ? 'ended' : 'open', endedReason: session.endReason ?? null, endedAt: session.endedAt?.toISOString() ?? null }
          : null,
        messages,
      };
    },
  };
}

function encodeCursor(at: Date, id: string): string {
  return base64UrlEncode(JSON.stringify([at.toISOString(), id]));
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(base64UrlDecodeText(cursor)) as [string, string];
    const date = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new DomainError('BAD_REQUEST', 'cursor: not a cursor this list gave out', { cursor: ['Not a cursor this list gave out'] });
  }
}
