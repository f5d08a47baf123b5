import { and, asc, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { ChatMessage } from '../../shared/schemas/conversation.ts';
import { chatMessages, chatSessions, contacts } from './schema.ts';
import type { Queryable } from './types.ts';

/** The widget session's conversation and lifetime (SPEC §7). */

export type ChatSessionRow = typeof chatSessions.$inferSelect;
type MessageRow = typeof chatMessages.$inferSelect;

export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    seq: row.seq,
    author: row.author,
    authorName: row.authorName,
    text: row.body,
    authenticated: row.authenticated,
    createdAt: row.createdAt.toISOString(),
  };
}

export interface MessageInsert {
  id: string;
  sessionId: string;
  author: 'visitor' | 'agent';
  authorUserId: string | null;
  authorName: string | null;
  body: string;
  authenticated: boolean;
  /** A fresh token's expiry and key, which replace the session's. */
  renewal: { expiresAt: Date; kid: string } | null;
  at: Date;
}

/**
 * Adds a message to a session that is still open, in one statement: the session row is updated
 * (renewed, when a fresh token came) and so locked, so an ending that commits first leaves no
 * message behind it. Returns the message's place, or null when the session had ended.
 */
export async function insertMessage(q: Queryable, m: MessageInsert): Promise<{ seq: number; ticketId: string } | null> {
  const expires = m.renewal?.expiresAt.toISOString() ?? null;
  const result = (await q.execute(sql`
    with s as (
      update chat_sessions
      set token_expires_at = coalesce(${expires}::timestamptz, token_expires_at), kid = coalesce(${m.renewal?.kid ?? null}, kid)
      where id = ${m.sessionId} and ended_at is null
      returning id, ticket_id
    )
    insert into chat_messages (id, session_id, ticket_id, author, author_user_id, author_name, body, authenticated, created_at)
    select ${m.id}, s.id, s.ticket_id, ${m.author}, ${m.authorUserId}, ${m.authorName}, ${m.body}, ${m.authenticated}, ${m.at.toISOString()}::timestamptz
    from s
    returning seq, ticket_id`)) as unknown as { rows: { seq: string | number; ticket_id: string }[] };
  const row = result.rows[0];
  return row ? { seq: Number(row.seq), ticketId: row.ticket_id } : null;
}

/** A fresh token for the session's person, without a message (resume). */
export async function renewSession(q: Queryable, sessionId: string, renewal: { expiresAt: Date; kid: string }): Promise<void> {
  await q
    .update(chatSessions)
    .set({ tokenExpiresAt: renewal.expiresAt, kid: renewal.kid })
    .where(and(eq(chatSessions.id, sessionId), isNull(chatSessions.endedAt)));
}

export async function messagesAfter(q: Queryable, sessionId: string, after: number): Promise<ChatMessage[]> {
  const rows = await q
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.sessionId, sessionId), gt(chatMessages.seq, after)))
    .orderBy(asc(chatMessages.seq))
    .limit(500);
  return rows.map(toChatMessage);
}

/** What a resume shows: the newest RESUME_MESSAGES messages, oldest first (later ones come by polling). */
export const RESUME_MESSAGES = 500;
export async function latestMessages(q: Queryable, sessionId: string): Promise<ChatMessage[]> {
  const rows = await q.select().from(chatMessages).where(eq(chatMessages.sessionId, sessionId)).orderBy(desc(chatMessages.seq)).limit(RESUME_MESSAGES);
  return rows.reverse().map(toChatMessage);
}

export async function ticketMessages(q: Queryable, ticketId: string): Promise<ChatMessage[]> {
  const rows = await q.select().from(chatMessages).where(eq(chatMessages.ticketId, ticketId)).orderBy(asc(chatMessages.seq));
  return rows.map(toChatMessage);
}

export async function sessionOfTicket(q: Queryable, accountId: string, ticketId: string): Promise<ChatSessionRow | undefined> {
  const [row] = await q
    .select()
    .from(chatSessions)
    .where(and(eq(chatSessions.accountId, accountId), eq(chatSessions.ticketId, ticketId)))
    .limit(1);
  return row;
}

/** Ends one session if it is open; true when this call ended it. */
export async function endSession(q: Queryable, sessionId: string, reason: 'ended' | 'revoked', at: Date): Promise<boolean> {
  const rows = await q
    .update(chatSessions)
    .set({ endedAt: at, endReason: reason })
    .where(and(eq(chatSessions.id, sessionId), isNull(chatSessions.endedAt)))
    .returning({ id: chatSessions.id });
  return rows.length > 0;
}

/**
 * Ends every open session of one person in an account: those whose token named them, and, for an
 * email, those of the verified contact that has it (a person signed in by unique_external_id whose
 * token gave that email). The ids of those it ended.
 */
export async function endSessionsOfIdentity(q: Queryable, accountId: string, identity: string, email: string | null, at: Date): Promise<string[]> {
  const byEmail = email
    ? inArray(
        chatSessions.contactId,
        q
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.accountId, accountId), eq(contacts.email, email), eq(contacts.verified, true))),
      )
    : undefined;
  const rows = await q
    .update(chatSessions)
    .set({ endedAt: at, endReason: 'revoked' })
    .where(
      and(
        eq(chatSessions.accountId, accountId),
        isNull(chatSessions.endedAt),
        // Only signed-in sessions: an anonymous visitor who typed the email is not that person.
        sql`${chatSessions.identity} is not null`,
        byEmail ? or(eq(chatSessions.identity, identity), byEmail) : eq(chatSessions.identity, identity),
      ),
    )
    .returning({ id: chatSessions.id });
  return rows.map((r) => r.id);
}
