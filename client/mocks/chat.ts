import { contactFromToken, ticketFromChat } from '../../shared/domain/chat.ts';
import { http, HttpResponse } from 'msw';
import type { z } from 'zod';
import { effectiveStatus } from '../../shared/domain/signing-keys.ts';
import { describeInputError, DomainError } from '../../shared/errors.ts';
import { chatStartInput, chatStartOutput, type ChatStartOutput } from '../../shared/schemas/chat.ts';
import { REJECTION_HINTS, REJECTION_MESSAGES, type Rejection } from '../../shared/token/codes.ts';
import type { DroppedField, VerifiedToken, VerifierKey } from '../../shared/token/verify-types.ts';
import { verifyTokenAsync } from '../../shared/token/verify.ts';
import { hmacVerifyWebCrypto } from '../lib/hmac-webcrypto.ts';
import { randomId, randomToken, type MockContact, type MockDb, type MockWidget } from './db.ts';
// Types only: procedures.ts spreads `chatProcedures` into its map, so a value import back would be a cycle.
import type { procedures } from './procedures.ts';

type Procedure = (typeof procedures)[string];
type StartInput = z.output<typeof chatStartInput>;

/** What a chat start answers: the chat, or the token's refusal (nothing created), as the server's. */
export type DemoChatStartResult = { ok: true; chat: ChatStartOutput } | { ok: false; rejection: Rejection };

/** Options of the msw handler sets: `onChange` runs after each call that may have changed the store (to persist it). */
export interface MockHandlerOptions {
  onChange?: () => void | Promise<void>;
}

/**
 * A token refused at chat start: tRPC's UNAUTHORIZED with `data.reason` = the code and `data.hint`,
 * as the server's TokenRejectedError (server/routers/chat.ts) through its errorFormatter.
 */
export class TokenRejectedError extends Error {
  readonly code = 'UNAUTHORIZED';
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

const WIDGET_NOT_FOUND = 'No widget with this id and widget token.';
/** As the server's config cache: live keys, and the latest few revoked ones only to sharpen hints. */
const REVOKED_KEYS_FOR_HINTS = 3;
/** server/chat/http.ts: CHAT_BODY_LIMIT. */
const CHAT_BODY_LIMIT = 64 * 1024;

/**
 * Chat start over the in-memory store, with the server's rules (server/chat/chat-service.ts):
 * the widget by id and token, the shared verifier through WebCrypto with the widget's policy and
 * the account's keys, enforcement, the outcome counted per widget and UTC day, verified contacts
 * found by identity, the ticket from the message and the token's fields, the key's last use.
 * Throws NOT_FOUND (a DomainError) for an unknown widget id or a wrong widget token.
 */
export async function startChatInDemo(db: MockDb, input: StartInput): Promise<DemoChatStartResult> {
  const widget = db.widgets.find((w) => w.id === input.widgetId);
  if (!widget || widget.token !== input.widgetToken) throw new DomainError('NOT_FOUND', WIDGET_NOT_FOUND);
  const now = db.now();
  const { clockLeewaySeconds, maxTokenLifetimeSeconds } = widget.settings;
  const result = input.jwtAuthToken
    ? await verifyTokenAsync(
        input.jwtAuthToken,
        { keys: verifierKeys(db, now), policy: { clockLeewaySeconds, maxTokenLifetimeSeconds }, catalog: db.catalog, nowSeconds: Math.floor(now.getTime() / 1000) },
        hmacVerifyWebCrypto,
      )
    : null;

  if (!result?.ok) {
    const rejection: Rejection = result
      ? { code: result.code, message: result.message, hint: result.hint }
      : { code: 'TOKEN_MISSING', message: REJECTION_MESSAGES.TOKEN_MISSING, hint: REJECTION_HINTS.TOKEN_MISSING };
    if (widget.settings.enforcement === 'enforced') {
      countOutcome(db, widget.id, rejection.code, now);
      return { ok: false, rejection };
    }
    // Not enforced: the chat starts unauthenticated; an invalid token's code is still recorded.
    const outcome = result ? rejection.code : 'unauthenticated';
    const chat = createChat(db, { widget, now, message: input.message, verified: null, verification: outcome });
    countOutcome(db, widget.id, outcome, now);
    return { ok: true, chat };
  }
  const chat = createChat(db, { widget, now, message: input.message, verified: result, verification: 'authenticated' });
  countOutcome(db, widget.id, 'authenticated', now);
  const key = db.keys.find((k) => k.kid === result.kid);
  if (key) key.lastUsedAt = now;
  return { ok: true, chat };
}

/** The keys as the verifier takes them: effective status, active first, then retiring, then recently revoked. */
function verifierKeys(db: MockDb, now: Date): VerifierKey[] {
  const withStatus = db.keys.map((k) => ({ key: k, status: effectiveStatus(k, now) }));
  const live = withStatus.filter((k) => k.status !== 'revoked');
  const revoked = withStatus
    .filter((k) => k.status === 'revoked')
    .sort((a, b) => revokedTime(b.key) - revokedTime(a.key))
    .slice(0, REVOKED_KEYS_FOR_HINTS);
  const order = { active: 0, retiring: 1, revoked: 2 } as const;
  return [...live, ...revoked]
    .map(({ key, status }) => ({ kid: key.kid, status, secret: key.secret }))
    .sort((a, b) => order[a.status] - order[b.status]);
}

const revokedTime = (k: MockDb['keys'][number]) => (k.revokedAt ?? k.retiresAt ?? k.createdAt).getTime();

/** Adds one chat start to readiness's counts (widget, UTC day, outcome). */
export function countOutcome(db: MockDb, widgetId: string, outcome: string, at: Date, count = 1): void {
  const day = at.toISOString().slice(0, 10);
  const row = db.outcomes.find((o) => o.widgetId === widgetId && o.day === day && o.outcome === outcome);
  if (row) row.count += count;
  else db.outcomes.push({ widgetId, day, outcome, count });
}

function createChat(
  db: MockDb,
  args: { widget: MockWidget; now: Date; message: string | undefined; verified: VerifiedToken | null; verification: string },
): ChatStartOutput {
  const { widget, now, verified } = args;
  const dropped: DroppedField[] = verified ? [...verified.dropped] : [];

  // The contact: a verified one found by its identity and updated from the token, or a new anonymous one.
  const fromToken = contactFromToken(verified);
  const { name, externalId } = fromToken;
  let email = fromToken.email;
  let contact: MockContact | undefined;
  if (email) contact = db.contacts.find((c) => c.verified === true && c.email === email);
  if (externalId) {
    const wanted = fromToken.emailProperty;
    if (wanted) {
      // No contact takes an email another verified contact already has.
      const owner = db.contacts.find((c) => c.verified === true && c.email === wanted);
      if (!owner || owner.uniqueExternalId === externalId) email = wanted;
      else dropped.push({ entity: 'contact', name: 'email' });
    }
    contact = db.contacts.find((c) => c.verified === true && c.uniqueExternalId === externalId);
  }
  if (contact) {
    contact.properties = { ...contact.properties, ...fromToken.properties };
    contact.name = name ?? contact.name;
    contact.email = email ?? contact.email;
  } else {
    contact = { id: randomId(), name, email, uniqueExternalId: externalId, verified: verified !== null, properties: fromToken.properties };
    db.contacts.push(contact);
  }

  // The ticket: its columns from the message and the token's ticketProperties, the rest as properties.
  const ticket = ticketFromChat(verified, args.message, name ?? email ?? externalId);
  const ticketId = randomId();
  db.tickets.push({
    id: ticketId,
    widgetId: widget.id,
    contactId: contact.id,
    authenticated: verified !== null,
    verification: args.verification,
    ...ticket,
    createdAt: now,
  });
  return {
    sessionId: randomId(),
    authenticated: verified !== null,
    contactId: contact.id,
    ticketId,
    sessionSecret: randomToken(32),
    droppedFields: dropped,
  };
}


/** `chat.start` for the mock tRPC API: public; a refused token is UNAUTHORIZED with `data.reason` and `data.hint`. */
export const chatProcedures: Record<string, Procedure> = {
  'chat.start': {
    type: 'mutation',
    access: 'public',
    input: chatStartInput,
    output: chatStartOutput,
    run: async ({ db }, input: StartInput) => {
      const started = await startChatInDemo(db, input);
      if (!started.ok) throw new TokenRejectedError(started.rejection);
      return started.chat;
    },
  },
};

/**
 * The widget's own door, `POST /webchat/v1/sessions`, answered as server/chat/http.ts does:
 * 201 with the chat, 401 `{error: {code, message, hint}}`, 404 for an unknown widget, 400 for a
 * body that is not JSON or not a chat start, 415 for another content type.
 */
export function webchatHandlers(db: MockDb, options: MockHandlerOptions = {}) {
  return [
    http.post('*/webchat/v1/sessions', async ({ request }) => {
      const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        return HttpResponse.json(
          { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the chat start as JSON with content-type: application/json' } },
          { status: 415 },
        );
      }
      const body = await request.text();
      if (new TextEncoder().encode(body).length > CHAT_BODY_LIMIT) {
        return HttpResponse.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `The body is over ${CHAT_BODY_LIMIT / 1024} KiB` } }, { status: 413 });
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return HttpResponse.json({ error: { code: 'BAD_REQUEST', message: 'The body is not valid JSON' } }, { status: 400 });
      }
      const parsed = chatStartInput.safeParse(json);
      if (!parsed.success) {
        const { message, fieldErrors } = describeInputError(parsed.error);
        return HttpResponse.json({ error: { code: 'BAD_REQUEST', message, fieldErrors } }, { status: 400 });
      }
      let started: DemoChatStartResult;
      try {
        started = await startChatInDemo(db, parsed.data);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'NOT_FOUND') {
          return HttpResponse.json({ error: { code: 'NOT_FOUND', message: error.message } }, { status: 404 });
        }
        throw error;
      }
      // A chat was created, or a refusal counted: either way the store changed.
      await options.onChange?.();
      return started.ok ? HttpResponse.json(started.chat, { status: 201 }) : HttpResponse.json({ error: started.rejection }, { status: 401 });
    }),
  ];
}
