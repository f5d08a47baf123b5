import { and, eq, sql } from 'drizzle-orm';
import { TICKET_COLUMNS, type TicketFromChat } from '../../shared/domain/chat.ts';
import { provenanceOf } from '../../shared/domain/session.ts';
import type { ProvenanceSource } from '../../shared/schemas/conversation.ts';
import type { DroppedFieldInfo } from '../../shared/schemas/tickets.ts';
import { chatSessions, contacts, tickets } from './schema.ts';
import type { Queryable, Tx } from './types.ts';
import { isUniqueViolation } from './unique-violation.ts';

/** What a chat start writes: its contact (found by identity or new), ticket and session. */
export interface ChatInsert {
  ids: { contact: string; ticket: string; session: string };
  accountId: string;
  widgetId: string;
  contact: { email: string | null; externalId: string | null; name: string | null; properties: Record<string, unknown> };
  ticket: TicketFromChat & { authenticated: boolean; verification: string; test: boolean; droppedFields: DroppedFieldInfo[] };
  kid: string | null;
  secretHash: string;
  /** The token's person (shared/domain/session.ts identityKey) and its `exp`; null for an anonymous chat. */
  identity: string | null;
  tokenExpiresAt: Date | null;
  /** Where the token's contact and ticket values came from (all `token` here). */
  provenance: { contact: ProvenanceMap; ticket: ProvenanceMap };
  /** The visitor's first message, the conversation's first entry. */
  message: { id: string; body: string } | null;
  at: Date;
}

type ProvenanceMap = Record<string, { source: ProvenanceSource; setAt: string }>;

/**
 * A chat's writes as one statement, so one round trip, atomic without a transaction: the contact
 * (found by its identity and updated, or created), the ticket, the session and the first message.
 * Exported so the benchmark can issue exactly these statements straight through the driver.
 */
export function chatInsertStatement(c: ChatInsert) {
  const { email, externalId, name } = c.contact;
  const conflict =
    email && !externalId
      ? sql`on conflict (account_id, email) where email is not null and verified do update set
            properties = contacts.properties || excluded.properties, provenance = contacts.provenance || excluded.provenance,
            name = coalesce(excluded.name, contacts.name), updated_at = excluded.updated_at`
      : externalId
        ? sql`on conflict (account_id, unique_external_id) where unique_external_id is not null do update set
            properties = contacts.properties || excluded.properties, provenance = contacts.provenance || excluded.provenance,
            email = coalesce(excluded.email, contacts.email),
            name = coalesce(excluded.name, contacts.name), updated_at = excluded.updated_at`
        : sql``;
  const at = c.at.toISOString();
  const t = c.ticket;
  return sql`
      with c as (
        insert into contacts (id, account_id, email, unique_external_id, name, verified, properties, provenance, created_at, updated_at)
        values (${c.ids.contact}, ${c.accountId}, ${email}, ${externalId}, ${name}, ${t.authenticated}, ${JSON.stringify(c.contact.properties)}::jsonb,
                ${JSON.stringify(c.provenance.contact)}::jsonb, ${at}::timestamptz, ${at}::timestamptz)
        ${conflict}
        returning id
      ), t as (
        insert into tickets (id, account_id, widget_id, contact_id, authenticated, verification, subject, description, status, priority, type, properties,
                             provenance, test, dropped_fields, created_at)
        select ${c.ids.ticket}, ${c.accountId}, ${c.widgetId}, c.id, ${t.authenticated}, ${t.verification}, ${t.subject}, ${t.description},
               ${t.status}, ${t.priority}::int, ${t.type}, ${JSON.stringify(t.properties)}::jsonb, ${JSON.stringify(c.provenance.ticket)}::jsonb,
               ${t.test}, ${JSON.stringify(t.droppedFields)}::jsonb, ${at}::timestamptz
        from c
        returning contact_id
      ), s as (
        insert into chat_sessions (id, account_id, widget_id, contact_id, ticket_id, authenticated, kid, secret_hash, identity, token_expires_at, created_at)
        select ${c.ids.session}, ${c.accountId}, ${c.widgetId}, t.contact_id, ${c.ids.ticket}, ${t.authenticated}, ${c.kid},
               ${c.secretHash}, ${c.identity}, ${c.tokenExpiresAt?.toISOString() ?? null}::timestamptz, ${at}::timestamptz
        from t
        returning contact_id
      ), m as (
        insert into chat_messages (id, session_id, ticket_id, author, body, authenticated, created_at)
        select ${c.message?.id ?? ''}, ${c.ids.session}, ${c.ids.ticket}, 'visitor', ${c.message?.body ?? ''}, ${t.authenticated}, ${at}::timestamptz
        from s where ${c.message !== null}
        returning seq
      )
      select s.contact_id, (select seq from m) as seq from s`;
}

/** Writes a chat (one statement): the id of its contact, new or found, and the first message's place. */
export async function insertChat(q: Queryable, chat: ChatInsert): Promise<{ contactId: string; seq: number | null }> {
  const result = (await q.execute(chatInsertStatement(chat))) as unknown as { rows: { contact_id: string; seq: string | number | null }[] };
  const row = result.rows[0];
  if (!row?.contact_id) throw new Error('Creating the chat returned no contact');
  return { contactId: row.contact_id, seq: row.seq === null ? null : Number(row.seq) };
}

/** The verified contact of an account that has this (lower-case) email, if any. */
export async function findVerifiedContactByEmail(q: Queryable, accountId: string, email: string) {
  const [owner] = await q
    .select({ id: contacts.id, uniqueExternalId: contacts.uniqueExternalId })
    .from(contacts)
    .where(and(eq(contacts.accountId, accountId), eq(contacts.email, email), eq(contacts.verified, true)));
  return owner;
}

export async function findChatSession(q: Queryable, sessionId: string) {
  const [session] = await q.select().from(chatSessions).where(eq(chatSessions.id, sessionId)).limit(1);
  return session;
}

/** A chat's contact, locked until the transaction ends, so two updates of it do not interleave. */
export async function lockContact(tx: Tx, contactId: string) {
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, contactId)).for('update');
  return contact;
}

/** Moves a contact's sessions and tickets to another contact and deletes it. */
export async function mergeContact(tx: Tx, fromId: string, intoId: string): Promise<void> {
  await tx.update(chatSessions).set({ contactId: intoId }).where(eq(chatSessions.contactId, fromId));
  await tx.update(tickets).set({ contactId: intoId }).where(eq(tickets.contactId, fromId));
  await tx.delete(contacts).where(eq(contacts.id, fromId));
}

/**
 * Sets contact fields: name and email are columns, the rest merge into its properties. In a
 * savepoint, so a verified contact's email taken meanwhile by another (the unique index decides)
 * leaves the transaction usable: answered `email_taken`, nothing of the update written.
 */
export async function updateContactFields(
  tx: Tx,
  contactId: string,
  values: Record<string, unknown>,
  source: ProvenanceSource,
  now: Date,
): Promise<'updated' | 'email_taken'> {
  const { name, email, ...rest } = values;
  const update = tx
    .update(contacts)
    .set({
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof email === 'string' ? { email: email.toLowerCase() } : {}),
      properties: sql`${contacts.properties} || ${JSON.stringify(rest)}::jsonb`,
      provenance: sql`${contacts.provenance} || ${JSON.stringify(provenanceOf(Object.keys(values), source, now))}::jsonb`,
      updatedAt: now,
    })
    .where(eq(contacts.id, contactId));
  try {
    await tx.transaction(async () => update);
    return 'updated';
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return 'email_taken';
  }
}

/** Sets ticket fields: the standard ones are columns, the rest merge into its properties. */
export async function updateTicketFields(tx: Tx, ticketId: string, values: Record<string, unknown>, source: ProvenanceSource, now: Date): Promise<void> {
  const columns: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) (TICKET_COLUMNS.has(name) ? columns : rest)[name] = value;
  await tx
    .update(tickets)
    .set({
      ...columns,
      properties: sql`${tickets.properties} || ${JSON.stringify(rest)}::jsonb`,
      provenance: sql`${tickets.provenance} || ${JSON.stringify(provenanceOf(Object.keys(values), source, now))}::jsonb`,
    })
    .where(eq(tickets.id, ticketId));
}
