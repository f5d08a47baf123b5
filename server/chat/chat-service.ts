import { and, eq, sql } from 'drizzle-orm';
import { REJECTION_HINTS, REJECTION_MESSAGES, type Rejection } from '../../shared/token/codes.ts';
import { contactFromToken, TICKET_COLUMNS, ticketFromChat } from '../../shared/domain/chat.ts';
import { fieldValueProblem, type FieldSpec } from '../../shared/domain/field-values.ts';
import type { ChatStartOutput, ChatUpdateFieldsOutput, chatStartInput, chatUpdateFieldsInput } from '../../shared/schemas/chat.ts';
import type { FieldCatalog } from '../../shared/schemas/fields.ts';
import type { DroppedField, VerifyResult } from '../../shared/token/verify-types.ts';
import { verifyTokenSync } from '../../shared/token/verify.ts';
import { newId, randomToken, safeEqual, sha256 } from '../crypto/random.ts';
import type { Logger } from '../logger.ts';
import type { Clock, Principal } from '../services/principal.ts';
import { FailureWindow } from '../services/rate-limiter.ts';
import type { Db } from '../store/types.ts';
import { chatSessions, contacts, tickets } from '../store/schema.ts';
import { hmacVerify } from '../token/hmac.ts';
import type { ConfigCache, WidgetConfig } from './config-cache.ts';
import type { KeyUsage, OutcomeCounters } from './counters.ts';
import type { z } from 'zod';

type StartInput = z.output<typeof chatStartInput>;
type UpdateInput = z.output<typeof chatUpdateFieldsInput>;

/**
 * What a chat start answers: the chat, or the token's refusal (SPEC §3: 401 with the code, nothing
 * created). A refusal is a value, not a thrown error: it is common, and an Error's stack costs
 * more than the rest of the refusal path.
 */
export type ChatStartResult = { ok: true; chat: ChatStartOutput } | { ok: false; rejection: Rejection };

export class WidgetNotFoundError extends Error {
  constructor() {
    super('No widget with this id and widget token.');
  }
}

export class ChatRateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many chats from this address on this widget; try again in ${retryAfterSeconds} s.`);
  }
}

export class ChatSessionError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'UNAUTHORIZED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}


export interface ChatDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  cache: ConfigCache;
  counters: OutcomeCounters;
  keyUsage: KeyUsage;
  /** Chat starts a minute per widget and client address; 0 turns the limit off. */
  rateLimitPerMinute: number;
}

/** Chat start and the fields a chat may change (SPEC §3). */
export function createChatService(deps: ChatDeps) {
  const { db, clock, cache, counters, keyUsage } = deps;
  const limiter = deps.rateLimitPerMinute > 0 ? new FailureWindow(deps.rateLimitPerMinute, 60_000) : null;

  return {
    async start(input: StartInput, ip: string): Promise<ChatStartResult> {
      const now = clock.now();
      const widget = await cache.widget(input.widgetId);
      if (!widget || !safeEqual(widget.token, input.widgetToken)) throw new WidgetNotFoundError();
      if (limiter) {
        const key = `${widget.widgetId} ${ip}`;
        const waitMs = limiter.blockedFor(key, now.getTime());
        if (waitMs > 0) throw new ChatRateLimitedError(Math.ceil(waitMs / 1000));
        limiter.fail(key, now.getTime());
      }
      const account = await cache.account(widget.accountId);
      const result: VerifyResult | null = input.jwtAuthToken
        ? verifyTokenSync(
            input.jwtAuthToken,
            { keys: account.keys, policy: widget.policy, catalog: account.verifyCatalog, nowSeconds: Math.floor(now.getTime() / 1000) },
            hmacVerify,
          )
        : null;

      if (!result?.ok) {
        const rejection: Rejection = result
          ? { code: result.code, message: result.message, hint: result.hint }
          : { code: 'TOKEN_MISSING', message: REJECTION_MESSAGES.TOKEN_MISSING, hint: REJECTION_HINTS.TOKEN_MISSING };
        if (widget.enforcement === 'enforced') {
          counters.add(widget.widgetId, rejection.code, now);
          return { ok: false, rejection };
        }
        // Not enforced: the chat starts unauthenticated; an invalid token's code is still counted.
        const outcome = result ? rejection.code : 'unauthenticated';
        const chat = await createChat({ widget, now, message: input.message, verified: null, verification: outcome });
        counters.add(widget.widgetId, outcome, now);
        return { ok: true, chat };
      }
      const chat = await createChat({ widget, now, message: input.message, verified: result, verification: 'authenticated' });
      // Counted once the chat exists: a start that failed on the database is not a chat.
      counters.add(widget.widgetId, 'authenticated', now);
      keyUsage.touch(result.kid, now);
      return { ok: true, chat };
    },

    async updateFields(input: UpdateInput, principal: Principal | null): Promise<ChatUpdateFieldsOutput> {
      const [session] = await db.select().from(chatSessions).where(eq(chatSessions.id, input.sessionId)).limit(1);
      if (!session) throw new ChatSessionError('NOT_FOUND', 'No chat session with this id.');
      const agent = input.actor === 'ai_agent';
      if (agent) {
        // An AI agent acts through an admin's session or an API key of the same account.
        if (!principal || principal.role !== 'admin' || principal.accountId !== session.accountId) {
          throw new ChatSessionError('FORBIDDEN', 'Only an admin or an API key of this account may act as the AI agent.');
        }
      } else if (!input.sessionSecret || !safeEqual(sha256(input.sessionSecret), session.secretHash)) {
        throw new ChatSessionError('UNAUTHORIZED', 'The session secret is missing or wrong; send the one chat start returned.');
      }
      const widget = await cache.widget(session.widgetId);
      if (!widget) throw new ChatSessionError('NOT_FOUND', 'The chat’s widget no longer exists.');
      if (!agent && !session.authenticated && widget.enforcement === 'enforced') {
        throw new ChatSessionError('FORBIDDEN', 'This widget now requires sign-in: an unauthenticated chat can no longer change fields.');
      }
      const account = await cache.account(session.accountId);

      return db.transaction(async (tx) => {
        const now = clock.now();
        const [contact] = await tx.select().from(contacts).where(eq(contacts.id, session.contactId)).for('update');
        if (!contact) throw new ChatSessionError('NOT_FOUND', 'The chat’s contact no longer exists.');

        /** Why this actor may not set this field here, or null when it may. */
        const forbidden = (entity: 'contact' | 'ticket', name: string): string | null => {
          if (agent) return null;
          if (session.authenticated) {
            // Who the visitor is comes from their token; the rest they may fill in.
            return entity === 'contact' && name === 'email' ? 'the email of a verified visitor comes from their token' : null;
          }
          const list = entity === 'ticket' ? widget.allowlist.ticketFields : widget.allowlist.contactFields;
          if (!list.has(name)) return 'not editable by unauthenticated visitors on this widget';
          // An unverified session edits only its own unverified contact, never a verified one it was linked to.
          if (entity === 'contact' && contact.verified) return 'this contact is verified: only its own signed-in visitors and agents change it';
          return null;
        };
        const refused: ChatUpdateFieldsOutput['refused'] = [];
        const accept = (entity: 'contact' | 'ticket', values: Record<string, unknown>, catalog: FieldCatalog['ticketFields']) => {
          const byName = new Map(catalog.map((f) => [f.name, f]));
          const ok: Record<string, unknown> = {};
          for (const [name, value] of Object.entries(values)) {
            const field = byName.get(name);
            const problem = !field ? 'unknown field' : (forbidden(entity, name) ?? valueProblem(field, value));
            if (problem) refused.push({ entity, name, reason: problem });
            else ok[name] = value;
          }
          return ok;
        };
        const ticketValues = accept('ticket', input.ticketFields, account.catalog.ticketFields);
        const contactValues = accept('contact', input.contactFields, account.catalog.contactFields);

        let mergedInto: string | null = null;
        const email = typeof contactValues.email === 'string' ? contactValues.email.toLowerCase() : undefined;
        if (email !== undefined && email !== contact.email) {
          const [owner] = await tx
            .select({ id: contacts.id })
            .from(contacts)
            .where(and(eq(contacts.accountId, session.accountId), eq(contacts.email, email), eq(contacts.verified, true)));
          if (owner && !contact.verified && !session.authenticated) {
            // The visitor's details match a known contact: this session's own unverified contact
            // merges into it. The chat stays unauthenticated (agents see the tag), and the session
            // gets no say over the known contact's details.
            await tx.update(chatSessions).set({ contactId: owner.id }).where(eq(chatSessions.contactId, contact.id));
            await tx.update(tickets).set({ contactId: owner.id }).where(eq(tickets.contactId, contact.id));
            await tx.delete(contacts).where(eq(contacts.id, contact.id));
            mergedInto = owner.id;
            for (const name of Object.keys(contactValues)) {
              if (name === 'email') continue;
              delete contactValues[name];
              refused.push({ entity: 'contact', name, reason: 'this contact is verified: only its own signed-in visitors and agents change it' });
            }
          } else if (owner && contact.verified) {
            // Two known contacts are never merged, and no verified contact takes another's email.
            refused.push({ entity: 'contact', name: 'email', reason: 'another contact already has this email' });
            delete contactValues.email;
          }
        }
        const appliedContact = Object.keys(contactValues);
        if (!mergedInto && appliedContact.length > 0) {
          const { name, email: newEmail, ...rest } = contactValues;
          const update = tx
            .update(contacts)
            .set({
              ...(typeof name === 'string' ? { name } : {}),
              ...(typeof newEmail === 'string' ? { email: newEmail.toLowerCase() } : {}),
              properties: sql`${contacts.properties} || ${JSON.stringify(rest)}::jsonb`,
              updatedAt: now,
            })
            .where(eq(contacts.id, contact.id));
          try {
            await tx.transaction(async () => update);
          } catch (error) {
            // Another verified contact took this email meanwhile: the rest is not applied either.
            if (!isUniqueViolation(error)) throw error;
            refused.push({ entity: 'contact', name: 'email', reason: 'another contact already has this email' });
            appliedContact.length = 0;
          }
        }
        const appliedTicket = Object.keys(ticketValues);
        if (appliedTicket.length > 0) {
          const columns: Record<string, unknown> = {};
          const rest: Record<string, unknown> = {};
          for (const [name, value] of Object.entries(ticketValues)) (TICKET_COLUMNS.has(name) ? columns : rest)[name] = value;
          await tx
            .update(tickets)
            .set({ ...columns, properties: sql`${tickets.properties} || ${JSON.stringify(rest)}::jsonb` })
            .where(eq(tickets.id, session.ticketId));
        }
        return {
          applied: { contactFields: appliedContact, ticketFields: appliedTicket },
          refused,
          // Whether an email belongs to a known contact is not for a visitor to learn.
          mergedIntoContactId: agent ? mergedInto : null,
        };
      });
    },
  };

  async function createChat(args: {
    widget: WidgetConfig;
    now: Date;
    message: string | undefined;
    verified: Extract<VerifyResult, { ok: true }> | null;
    verification: string;
  }): Promise<ChatStartOutput> {
    const { widget, now, verified } = args;
    const sessionId = newId();
    const ticketId = newId();
    const newContactId = newId();
    const sessionSecret = randomToken(32);
    const dropped: DroppedField[] = verified ? [...verified.dropped] : [];

    // Contact: found by its identity and updated from the token, or a new anonymous one.
    const contact = contactFromToken(verified);
    const { name, externalId } = contact;
    let email = contact.email;
    if (externalId && contact.emailProperty) {
      const [owner] = await db
        .select({ externalId: contacts.uniqueExternalId })
        .from(contacts)
        .where(and(eq(contacts.accountId, widget.accountId), eq(contacts.email, contact.emailProperty), eq(contacts.verified, true)));
      // No contact takes an email another contact already has.
      if (!owner || owner.externalId === externalId) email = contact.emailProperty;
      else dropped.push({ entity: 'contact', name: 'email' });
    }
    const ticket = ticketFromChat(verified, args.message, name ?? email ?? externalId);

    const insert: ChatInsert = {
      ids: { contact: newContactId, ticket: ticketId, session: sessionId },
      accountId: widget.accountId,
      widgetId: widget.widgetId,
      contact: { email, externalId, name, properties: contact.properties },
      ticket: { authenticated: verified !== null, verification: args.verification, ...ticket },
      kid: verified?.kid ?? null,
      secretHash: sha256(sessionSecret),
      at: now,
    };
    const statement = chatInsertStatement(insert);
    let result: { rows: { contact_id: string }[] };
    try {
      result = (await db.execute(statement)) as unknown as { rows: { contact_id: string }[] };
    } catch (error) {
      // Two chats raced to give a new email to two contacts: the later one goes without it.
      if (!isUniqueViolation(error) || !externalId || !email) throw error;
      dropped.push({ entity: 'contact', name: 'email' });
      result = (await db.execute(chatInsertStatement({ ...insert, contact: { ...insert.contact, email: null } }))) as unknown as {
        rows: { contact_id: string }[];
      };
    }
    const contactId = result.rows[0]?.contact_id;
    if (!contactId) throw new Error('Creating the chat returned no contact');
    return { sessionId, authenticated: verified !== null, contactId, ticketId, sessionSecret, droppedFields: dropped };
  }
}

export interface ChatInsert {
  ids: { contact: string; ticket: string; session: string };
  accountId: string;
  widgetId: string;
  contact: { email: string | null; externalId: string | null; name: string | null; properties: Record<string, unknown> };
  ticket: {
    authenticated: boolean;
    verification: string;
    subject: string;
    description: string;
    status: string;
    priority: number | null;
    type: string | null;
    properties: Record<string, unknown>;
  };
  kid: string | null;
  secretHash: string;
  at: Date;
}

/**
 * A chat's writes as one statement, so one round trip, atomic without a transaction: the contact
 * (found by its identity and updated, or created), the ticket, and the session. Exported so the
 * benchmark can issue exactly these statements straight through the driver.
 */
export function chatInsertStatement(c: ChatInsert) {
  const { email, externalId, name } = c.contact;
  const conflict =
    email && !externalId
      ? sql`on conflict (account_id, email) where email is not null and verified do update set
            properties = contacts.properties || excluded.properties,
            name = coalesce(excluded.name, contacts.name), updated_at = excluded.updated_at`
      : externalId
        ? sql`on conflict (account_id, unique_external_id) where unique_external_id is not null do update set
            properties = contacts.properties || excluded.properties, email = coalesce(excluded.email, contacts.email),
            name = coalesce(excluded.name, contacts.name), updated_at = excluded.updated_at`
        : sql``;
  const at = c.at.toISOString();
  const t = c.ticket;
  return sql`
      with c as (
        insert into contacts (id, account_id, email, unique_external_id, name, verified, properties, created_at, updated_at)
        values (${c.ids.contact}, ${c.accountId}, ${email}, ${externalId}, ${name}, ${t.authenticated}, ${JSON.stringify(c.contact.properties)}::jsonb, ${at}::timestamptz, ${at}::timestamptz)
        ${conflict}
        returning id
      ), t as (
        insert into tickets (id, account_id, widget_id, contact_id, authenticated, verification, subject, description, status, priority, type, properties, created_at)
        select ${c.ids.ticket}, ${c.accountId}, ${c.widgetId}, c.id, ${t.authenticated}, ${t.verification}, ${t.subject}, ${t.description},
               ${t.status}, ${t.priority}::int, ${t.type}, ${JSON.stringify(t.properties)}::jsonb, ${at}::timestamptz
        from c
        returning contact_id
      )
      insert into chat_sessions (id, account_id, widget_id, contact_id, ticket_id, authenticated, kid, secret_hash, created_at)
      select ${c.ids.session}, ${c.accountId}, ${c.widgetId}, t.contact_id, ${c.ids.ticket}, ${t.authenticated}, ${c.kid},
             ${c.secretHash}, ${at}::timestamptz
      from t
      returning contact_id`;
}

/** PostgreSQL's unique_violation, through either driver. */
function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

function valueProblem(field: FieldSpec, value: unknown): string | null {
  const expected = fieldValueProblem(field, value);
  return expected ? `must be ${expected}` : null;
}


export type ChatService = ReturnType<typeof createChatService>;
