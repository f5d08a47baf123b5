import type { z } from 'zod';
import { DomainError } from '../../shared/errors.ts';
import { identityKey, identityKeyOf, judgeMessage, mayResume, tokenHolds, type FreshToken } from '../../shared/domain/session.ts';
import {
  SESSION_ERROR_MESSAGES,
  type ChatMessage,
  type RevokeForIdentityInput,
  type SessionErrorCode,
  type SessionMessageOutput,
  type SessionUpdatesOutput,
  type sessionEndInput,
  type sessionMessageInput,
  type sessionResumeInput,
  type sessionUpdatesInput,
  type ticketReplyInput,
} from '../../shared/schemas/conversation.ts';
import { REJECTION_HINTS, REJECTION_MESSAGES, type Rejection } from '../../shared/token/codes.ts';
import { verifyTokenSync } from '../../shared/token/verify.ts';
import type { Clock } from '../core/clock.ts';
import { FailureWindow } from '../core/failure-window.ts';
import type { ActionMeta } from '../core/principal.ts';
import { newId, safeEqual, sha256 } from '../crypto/random.ts';
import { recordAudit } from '../services/audit.ts';
import type { ConfigCache, WidgetConfig } from '../settings/config-cache.ts';
import { findChatSession } from '../store/chat-store.ts';
import {
  endSession,
  endSessionsOfIdentity,
  insertMessage,
  latestMessages,
  messagesAfter,
  renewSession,
  sessionOfTicket,
  type ChatSessionRow,
} from '../store/session-store.ts';
import type { Db } from '../store/types.ts';
import { hmacVerify } from '../token/hmac.ts';
import type { KeyUsage } from './counters.ts';
import { announceSessions, type SessionEvents } from './session-events.ts';

/** A refusal of a session route: HTTP 401 `{error: {code, message}}` (SPEC §7). */
export interface SessionRefusal {
  code: SessionErrorCode | Rejection['code'];
  message: string;
  hint?: string;
}
export type SessionResult<T> = { ok: true; value: T } | { ok: false; refusal: SessionRefusal };

const refused = (code: SessionErrorCode): { ok: false; refusal: SessionRefusal } => ({ ok: false, refusal: { code, message: SESSION_ERROR_MESSAGES[code] } });
const tokenRefused = (code: Rejection['code']): { ok: false; refusal: SessionRefusal } => ({
  ok: false,
  refusal: { code, message: REJECTION_MESSAGES[code], hint: REJECTION_HINTS[code] },
});

/** Compared when no session has the id, so a wrong id costs what a wrong secret does. */
const NO_SESSION_HASH = sha256('no such session');

export interface SessionDeps {
  db: Db;
  clock: Clock;
  cache: ConfigCache;
  keyUsage: KeyUsage;
  events: SessionEvents;
  /** Messages a minute per session (the chat start's limit); 0 turns the limit off. */
  rateLimitPerMinute: number;
}

/**
 * The widget session after chat start (SPEC §7): the visitor's further messages, the live
 * replies, resuming after a reload, ending it, the agent's reply, and an admin's sign-out of a
 * person on every instance.
 */
export function createSessionService(deps: SessionDeps) {
  const { db, clock, cache, keyUsage, events } = deps;
  const limiter = deps.rateLimitPerMinute > 0 ? new FailureWindow(deps.rateLimitPerMinute, 60_000) : null;
  // A poll mostly waits; a loop of polls that do not (waitSeconds 0) is held to a few a second.
  const polls = deps.rateLimitPerMinute > 0 ? new FailureWindow(deps.rateLimitPerMinute * 4, 60_000) : null;
  const pollLimited = (sessionId: string) => {
    if (!polls) return false;
    const at = clock.now().getTime();
    if (polls.blockedFor(sessionId, at) > 0) return true;
    polls.fail(sessionId, at);
    return false;
  };

  /** The session, if the secret is its own and its widget still exists. */
  async function open(sessionId: string, secret: string): Promise<{ session: ChatSessionRow; widget: WidgetConfig } | null> {
    const session = await findChatSession(db, sessionId);
    const secretMatches = safeEqual(sha256(secret), session?.secretHash ?? NO_SESSION_HASH);
    if (!session || !secretMatches) return null;
    const widget = await cache.widget(session.widgetId);
    return widget ? { session, widget } : null;
  }

  /** A token that came with a message or a resume: the person it names and until when, or its refusal. */
  async function freshToken(token: string, session: ChatSessionRow, widget: WidgetConfig): Promise<{ ok: true; fresh: FreshToken; kid: string } | { ok: false; code: Rejection['code'] }> {
    const account = await cache.account(session.accountId);
    const result = verifyTokenSync(
      token,
      { keys: account.keys, policy: widget.policy, catalog: account.verifyCatalog, nowSeconds: Math.floor(clock.now().getTime() / 1000) },
      hmacVerify,
    );
    if (!result.ok) return { ok: false, code: result.code };
    // The verifier has checked exp: a number of seconds within the widget's lifetime.
    const exp = result.payload.exp as number;
    return { ok: true, fresh: { identity: identityKey(result.identity), expiresAt: new Date(exp * 1000) }, kid: result.kid };
  }

  function state(session: ChatSessionRow, widget: WidgetConfig, messages: ChatMessage[]): SessionUpdatesOutput {
    return {
      state: session.endedAt ? 'ended' : 'open',
      endedReason: session.endReason ?? null,
      authenticated: !session.endedAt && session.identity !== null && tokenHolds(session.tokenExpiresAt, widget.policy.clockLeewaySeconds, clock.now()),
      messages,
    };
  }

  return {
    /** `POST …/messages`: stored as authenticated, unauthenticated, or refused (shared/domain/session.ts judgeMessage). */
    async postMessage(sessionId: string, input: z.output<typeof sessionMessageInput>): Promise<SessionResult<SessionMessageOutput>> {
      const found = await open(sessionId, input.sessionSecret);
      if (!found) return refused('SESSION_INVALID');
      const { session, widget } = found;
      if (session.endedAt) return refused('SESSION_ENDED');
      if (limiter) {
        const at = clock.now().getTime();
        const waitMs = limiter.blockedFor(sessionId, at);
        if (waitMs > 0) {
          const seconds = Math.ceil(waitMs / 1000);
          throw DomainError.throttled(`Too many messages in this chat; try again in ${seconds} s.`, seconds);
        }
        limiter.fail(sessionId, at);
      }

      let fresh: { fresh: FreshToken; kid: string } | null = null;
      let badToken = false;
      if (input.jwtAuthToken) {
        const checked = await freshToken(input.jwtAuthToken, session, widget);
        if (checked.ok) fresh = checked;
        // As at chat start: an enforced widget refuses a bad token; any other takes the message unverified.
        else if (widget.enforcement === 'enforced') return tokenRefused(checked.code);
        else badToken = true;
      }
      const now = clock.now();
      const verdict = judgeMessage({
        session: { identity: session.identity, tokenExpiresAt: session.tokenExpiresAt },
        fresh: fresh?.fresh ?? null,
        enforcement: widget.enforcement,
        leewaySeconds: widget.policy.clockLeewaySeconds,
        now,
      });
      if (!verdict.ok) return verdict.code === 'IDENTITY_MISMATCH' ? refused(verdict.code) : tokenRefused(verdict.code);
      const authenticated = verdict.authenticated && !badToken;

      const id = newId();
      const stored = await insertMessage(db, {
        id,
        sessionId,
        author: 'visitor',
        authorUserId: null,
        authorName: null,
        body: input.text,
        authenticated,
        renewal: fresh && verdict.renewedUntil ? { expiresAt: verdict.renewedUntil, kid: fresh.kid } : null,
        at: now,
      });
      if (!stored) return refused('SESSION_ENDED');
      if (fresh) keyUsage.touch(fresh.kid, now);
      await announceSessions(db, [sessionId]);
      return { ok: true, value: { messageId: id, seq: stored.seq, authenticated } };
    },

    /**
     * `POST …/updates`: the messages after `after`, waiting for one (or the end) up to
     * `waitSeconds`. An ended session answers its state only, and an enforced widget's session
     * whose token has run out answers TOKEN_EXPIRED until a fresh token renews it (resume or a
     * message): the conversation is for its signed-in person only.
     */
    async updates(sessionId: string, input: z.output<typeof sessionUpdatesInput>, signal?: AbortSignal): Promise<SessionResult<SessionUpdatesOutput>> {
      const found = await open(sessionId, input.sessionSecret);
      if (!found) return refused('SESSION_INVALID');
      if (pollLimited(sessionId)) throw DomainError.throttled('Too many polls for this chat; wait for the answer of the last one.', 1);
      const { widget } = found;
      let { session } = found;
      const deadline = clock.now().getTime() + input.waitSeconds * 1000;
      for (;;) {
        // Listening before reading, so news between the read and the wait wakes this poll.
        const news = events.subscribe(sessionId);
        try {
          if (session.endedAt) return { ok: true, value: state(session, widget, []) };
          if (widget.enforcement === 'enforced' && session.identity !== null && !tokenHolds(session.tokenExpiresAt, widget.policy.clockLeewaySeconds, clock.now())) {
            return tokenRefused('TOKEN_EXPIRED');
          }
          const messages = await messagesAfter(db, sessionId, input.after);
          const left = deadline - clock.now().getTime();
          if (messages.length > 0 || left <= 0 || signal?.aborted || events.closed) return { ok: true, value: state(session, widget, messages) };
          await news.wait(left, signal);
          if (news.evicted) return { ok: true, value: state(session, widget, await messagesAfter(db, sessionId, input.after)) };
        } finally {
          news.close();
        }
        const again = await findChatSession(db, sessionId);
        if (!again) return refused('SESSION_INVALID');
        session = again;
      }
    },

    /** `POST …/resume`: the whole conversation, for the session's own person only. */
    async resume(sessionId: string, input: z.output<typeof sessionResumeInput>): Promise<SessionResult<SessionUpdatesOutput>> {
      const found = await open(sessionId, input.sessionSecret);
      if (!found) return refused('SESSION_INVALID');
      if (pollLimited(sessionId)) throw DomainError.throttled('Too many resumes for this chat; try again in a moment.', 1);
      const { session, widget } = found;
      if (session.endedAt) return refused('SESSION_ENDED');
      let fresh: { fresh: FreshToken; kid: string } | null = null;
      if (input.jwtAuthToken) {
        const checked = await freshToken(input.jwtAuthToken, session, widget);
        // A token that proves nobody cannot show anybody's conversation.
        if (!checked.ok) return tokenRefused(checked.code);
        fresh = checked;
      }
      if (!mayResume(session, fresh?.fresh ?? null)) return refused('IDENTITY_MISMATCH');
      let current = session;
      if (fresh) {
        await renewSession(db, sessionId, { expiresAt: fresh.fresh.expiresAt, kid: fresh.kid });
        keyUsage.touch(fresh.kid, clock.now());
        current = { ...session, tokenExpiresAt: fresh.fresh.expiresAt, kid: fresh.kid };
      }
      return { ok: true, value: state(current, widget, await latestMessages(db, sessionId)) };
    },

    /** `POST …/end`: the visitor (or their site's sign-out) ends the session; again is fine. */
    async end(sessionId: string, input: z.output<typeof sessionEndInput>): Promise<SessionResult<null>> {
      const found = await open(sessionId, input.sessionSecret);
      if (!found) return refused('SESSION_INVALID');
      if (await endSession(db, sessionId, 'ended', clock.now())) await announceSessions(db, [sessionId]);
      return { ok: true, value: null };
    },

    /** `tickets.reply`: an agent's answer in the ticket's chat, seen by the visitor live. */
    async reply(meta: ActionMeta, input: z.output<typeof ticketReplyInput>): Promise<{ message: ChatMessage }> {
      const { principal } = meta;
      const session = await sessionOfTicket(db, principal.accountId, input.ticketId);
      if (!session) throw new DomainError('NOT_FOUND', `No chat for ticket ${input.ticketId} in this account`);
      if (session.endedAt) {
        const why = session.endReason === 'revoked' ? 'the visitor was signed out' : 'the visitor ended it';
        throw new DomainError('PRECONDITION_FAILED', `This chat has ended (${why}): the visitor can no longer see replies.`);
      }
      const now = clock.now();
      const id = newId();
      const author = principal.kind === 'user' ? { id: principal.user.id, name: principal.user.name } : { id: principal.apiKey.id, name: principal.apiKey.name };
      const stored = await insertMessage(db, {
        id,
        sessionId: session.id,
        author: 'agent',
        authorUserId: author.id,
        authorName: author.name,
        body: input.text,
        authenticated: true,
        renewal: null,
        at: now,
      });
      if (!stored) throw new DomainError('PRECONDITION_FAILED', 'This chat has just ended: the visitor can no longer see replies.');
      await announceSessions(db, [session.id]);
      return {
        message: { id, seq: stored.seq, author: 'agent', authorName: author.name, text: input.text, authenticated: true, createdAt: now.toISOString() },
      };
    },

    /**
     * `sessions.revokeForIdentity`: ends every open session of one person, audited; each instance
     * hears it (NOTIFY, sent on commit) and answers that session's polls `ended`/`revoked`.
     */
    async revokeForIdentity(meta: ActionMeta, input: RevokeForIdentityInput): Promise<{ revoked: number }> {
      const identity = identityKeyOf(input);
      return db.transaction(async (tx) => {
        const now = clock.now();
        const ended = await endSessionsOfIdentity(tx, meta.principal.accountId, identity, 'email' in input ? input.email.toLowerCase() : null, now);
        const who = 'email' in input ? { email: input.email.toLowerCase() } : { unique_external_id: input.unique_external_id };
        await recordAudit(tx, meta, now, { action: 'sessions.revoked', after: { ...who, revoked: ended.length } });
        await announceSessions(tx, ended);
        return { revoked: ended.length };
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
