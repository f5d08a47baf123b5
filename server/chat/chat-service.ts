import type { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { identityKey, provenanceOf, tokenHolds } from '../../shared/domain/session.ts';
import { contactFromToken, ticketFromChat } from '../../shared/domain/chat.ts';
import {
  assertChatStillEditable,
  assertMayEditChat,
  FIELD_REFUSALS,
  newContactEmail,
  planContactUpdate,
  sortFieldValues,
  tokenEmailKept,
  type FieldEditor,
} from '../../shared/domain/chat-fields.ts';
import type { ChatStartOutput, ChatUpdateFieldsOutput, chatStartInput, chatUpdateFieldsInput } from '../../shared/schemas/chat.ts';
import { REJECTION_HINTS, REJECTION_MESSAGES, type Rejection } from '../../shared/token/codes.ts';
import type { DroppedFieldInfo } from '../../shared/schemas/tickets.ts';
import type { VerifyResult } from '../../shared/token/verify-types.ts';
import { verifyTokenSync } from '../../shared/token/verify.ts';
import type { Clock } from '../core/clock.ts';
import { FailureWindow } from '../core/failure-window.ts';
import type { Principal } from '../core/principal.ts';
import { newId, randomToken, safeEqual, sha256 } from '../crypto/random.ts';
import type { Logger } from '../logger.ts';
import type { ConfigCache, WidgetConfig } from '../settings/config-cache.ts';
import {
  findChatSession,
  findVerifiedContactByEmail,
  insertChat,
  lockContact,
  mergeContact,
  updateContactFields,
  updateTicketFields,
  type ChatInsert,
} from '../store/chat-store.ts';
import type { Db } from '../store/types.ts';
import { isUniqueViolation } from '../store/unique-violation.ts';
import { hmacVerify } from '../token/hmac.ts';
import { DROPPED_FIELDS_OUTCOME, type KeyUsage, type OutcomeCounters } from './counters.ts';
import { claimNames, failureOf, storableName, type FailureLog } from './failure-log.ts';

type StartInput = z.output<typeof chatStartInput>;
type UpdateInput = z.output<typeof chatUpdateFieldsInput>;

/**
 * What a chat start answers: the chat, or the token's refusal (SPEC §3: 401 with the code, nothing
 * created). A refusal is a value, not a thrown error: it is common, and an Error's stack costs
 * more than the rest of the refusal path.
 */
export type ChatStartResult = { ok: true; chat: ChatStartOutput } | { ok: false; rejection: Rejection };

export interface ChatDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  cache: ConfigCache;
  counters: OutcomeCounters;
  keyUsage: KeyUsage;
  failures: FailureLog;
  /** Chat starts a minute per widget and client address; 0 turns the limit off. */
  rateLimitPerMinute: number;
}

/** Chat start and the fields a chat may change (SPEC §3). */
export function createChatService(deps: ChatDeps) {
  const { db, clock, cache, counters, keyUsage, failures } = deps;
  const limiter = deps.rateLimitPerMinute > 0 ? new FailureWindow(deps.rateLimitPerMinute, 60_000) : null;

  return {
    /**
     * A chat start from the widget, or (`test`) from the console's token tester: the same rules
     * and writes, but a test is never rate limited, counted in readiness, listed in Recent
     * failures, or recorded as a key's use, and its ticket says it is a test.
     */
    async start(input: StartInput, ip: string, options: { test?: boolean } = {}): Promise<ChatStartResult> {
      const now = clock.now();
      const test = options.test === true;
      const widget = await cache.widget(input.widgetId);
      if (!widget || !safeEqual(widget.token, input.widgetToken)) throw new DomainError('NOT_FOUND', 'No widget with this id and widget token.');
      if (limiter && !test) {
        const key = `${widget.widgetId} ${ip}`;
        const waitMs = limiter.blockedFor(key, now.getTime());
        if (waitMs > 0) {
          const seconds = Math.ceil(waitMs / 1000);
          throw DomainError.throttled(`Too many chats from this address on this widget; try again in ${seconds} s.`, seconds);
        }
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
        const failure = (outcome: 'refused' | 'unauthenticated') => {
          if (test) return;
          const kid = typeof result?.header?.kid === 'string' ? storableName(result.header.kid) : null;
          failures.add({ widgetId: widget.widgetId, occurredAt: now, outcome, rejection: failureOf(rejection.code), kid, claims: claimNames(result?.payload) });
        };
        if (widget.enforcement === 'enforced') {
          if (!test) counters.add(widget.widgetId, rejection.code, now);
          failure('refused');
          return { ok: false, rejection };
        }
        // Not enforced: the chat starts unauthenticated; an invalid token's code is still counted.
        const outcome = result ? rejection.code : 'unauthenticated';
        const chat = await createChat({ widget, now, message: input.message, verified: null, verification: outcome, test });
        if (!test) counters.add(widget.widgetId, outcome, now);
        failure('unauthenticated');
        return { ok: true, chat };
      }
      const chat = await createChat({ widget, now, message: input.message, verified: result, verification: 'authenticated', test });
      // Counted once the chat exists: a start that failed on the database is not a chat.
      if (!test) {
        counters.add(widget.widgetId, 'authenticated', now);
        if (chat.droppedFields.some((f) => f.reason === 'not_in_catalog')) counters.add(widget.widgetId, DROPPED_FIELDS_OUTCOME, now);
        keyUsage.touch(result.kid, now);
      }
      return { ok: true, chat };
    },

    /** Load the chat, decide field by field (shared/domain/chat-fields.ts), write what was decided. */
    async updateFields(input: UpdateInput, principal: Principal | null): Promise<ChatUpdateFieldsOutput> {
      const session = await findChatSession(db, input.sessionId);
      if (!session) throw new DomainError('NOT_FOUND', 'No chat session with this id.');
      const aiAgent = input.actor === 'ai_agent';
      assertMayEditChat(
        aiAgent
          ? { actor: 'ai_agent', principal }
          : { actor: 'visitor', secretMatches: !!input.sessionSecret && safeEqual(sha256(input.sessionSecret), session.secretHash) },
        session,
      );
      const widget = await cache.widget(session.widgetId);
      if (!widget) throw new DomainError('NOT_FOUND', 'The chat’s widget no longer exists.');
      // A visitor's chat that has ended changes nothing more; the AI agent may still tidy it up.
      if (!aiAgent && session.endedAt) throw new DomainError('UNAUTHORIZED', 'This chat session has ended; start a new chat.');
      // The session is signed in only while its token holds (SPEC §7): after that, the allowlist applies.
      const authenticated = session.identity !== null && tokenHolds(session.tokenExpiresAt, widget.policy.clockLeewaySeconds, clock.now());
      assertChatStillEditable({ aiAgent, authenticated }, widget.enforcement);
      const account = await cache.account(session.accountId);

      return db.transaction(async (tx) => {
        const now = clock.now();
        const contact = await lockContact(tx, session.contactId);
        if (!contact) throw new DomainError('NOT_FOUND', 'The chat’s contact no longer exists.');

        const source = aiAgent ? 'ai_agent' : 'visitor';
        const editor: FieldEditor = { aiAgent, authenticated, contactVerified: contact.verified, allowlist: widget.allowlist };
        const ticket = sortFieldValues(editor, 'ticket', input.ticketFields, account.catalog.ticketFields);
        const contactValues = sortFieldValues(editor, 'contact', input.contactFields, account.catalog.contactFields);
        const email = newContactEmail(contactValues.accepted, contact);
        // A visitor's answer never depends on who else has an email (SPEC §7), so for a visitor no
        // other contact is looked at: a typed email stays on the visitor's own unverified contact,
        // and the agent is told of the claim. Only the AI agent merges into the known contact.
        const owner = email === null || !aiAgent ? undefined : await findVerifiedContactByEmail(tx, session.accountId, email);
        const plan = planContactUpdate({
          values: contactValues.accepted,
          contactVerified: contact.verified,
          authenticated,
          emailOwner: owner?.id ?? null,
        });
        const refused = [...ticket.refused, ...contactValues.refused, ...plan.refused];

        let appliedContact = Object.keys(plan.values);
        if (plan.mergeInto) {
          // The chat stays unauthenticated (agents see the tag), its contact now the known one.
          await mergeContact(tx, contact.id, plan.mergeInto);
        } else if (appliedContact.length > 0 && (await updateContactFields(tx, contact.id, plan.values, source, now)) === 'email_taken') {
          // Another verified contact took this email meanwhile: the rest is not applied either.
          refused.push({ entity: 'contact', name: 'email', reason: FIELD_REFUSALS.emailTaken });
          appliedContact = [];
        }
        const appliedTicket = Object.keys(ticket.accepted);
        if (appliedTicket.length > 0) await updateTicketFields(tx, session.ticketId, ticket.accepted, source, now);
        return {
          applied: { contactFields: appliedContact, ticketFields: appliedTicket },
          refused,
          // Whether an email belongs to a known contact is not for a visitor to learn.
          mergedIntoContactId: aiAgent ? plan.mergeInto : null,
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
    test: boolean;
  }): Promise<ChatStartOutput> {
    const { widget, now, verified } = args;
    const sessionId = newId();
    const ticketId = newId();
    const newContactId = newId();
    const sessionSecret = randomToken(32);
    const dropped: DroppedFieldInfo[] = verified ? verified.dropped.map((f) => ({ ...f, reason: 'not_in_catalog' as const })) : [];

    // Contact: found by its identity and updated from the token, or a new anonymous one.
    const contact = contactFromToken(verified);
    const { name, externalId } = contact;
    let email = contact.email;
    if (externalId && contact.emailProperty) {
      const owner = await findVerifiedContactByEmail(db, widget.accountId, contact.emailProperty);
      if (tokenEmailKept(externalId, owner)) email = contact.emailProperty;
      else dropped.push({ entity: 'contact', name: 'email', reason: 'email_in_use' });
    }
    const ticket = ticketFromChat(verified, args.message, name ?? email ?? externalId);
    // Everything the token set came from the token: the identity, name, email and properties.
    const tokenContactNames = verified
      ? [externalId ? 'unique_external_id' : 'email', ...(name !== null ? ['name'] : []), ...(externalId && email ? ['email'] : []), ...Object.keys(contact.properties)]
      : [];
    const tokenTicketNames = verified ? Object.keys(verified.ticketProperties) : [];
    const messageId = args.message ? newId() : null;

    const insert: ChatInsert = {
      ids: { contact: newContactId, ticket: ticketId, session: sessionId },
      accountId: widget.accountId,
      widgetId: widget.widgetId,
      contact: { email, externalId, name, properties: contact.properties },
      ticket: { authenticated: verified !== null, verification: args.verification, test: args.test, droppedFields: [...dropped], ...ticket },
      kid: verified?.kid ?? null,
      secretHash: sha256(sessionSecret),
      identity: verified ? identityKey(verified.identity) : null,
      // The verifier has checked exp: a number of seconds within the widget's lifetime.
      tokenExpiresAt: verified ? new Date((verified.payload.exp as number) * 1000) : null,
      provenance: { contact: provenanceOf(tokenContactNames, 'token', now), ticket: provenanceOf(tokenTicketNames, 'token', now) },
      message: messageId && args.message ? { id: messageId, body: args.message } : null,
      at: now,
    };
    let written: { contactId: string; seq: number | null };
    try {
      written = await insertChat(db, insert);
    } catch (error) {
      // Two chats raced to give a new email to two contacts: the later one goes without it.
      if (!isUniqueViolation(error) || !externalId || !email) throw error;
      dropped.push({ entity: 'contact', name: 'email', reason: 'email_in_use' });
      const contactProvenance = Object.fromEntries(Object.entries(insert.provenance.contact).filter(([name]) => name !== 'email'));
      written = await insertChat(db, {
        ...insert,
        contact: { ...insert.contact, email: null },
        ticket: { ...insert.ticket, droppedFields: dropped },
        provenance: { ...insert.provenance, contact: contactProvenance },
      });
    }
    const message = messageId && written.seq !== null ? { id: messageId, seq: written.seq } : null;
    return { sessionId, authenticated: verified !== null, contactId: written.contactId, ticketId, sessionSecret, droppedFields: dropped, message };
  }
}

export type ChatService = ReturnType<typeof createChatService>;
