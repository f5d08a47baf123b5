import { z } from 'zod';
import { textProblem } from '../domain/text.ts';
import { idSchema, isoDateTime } from './common.ts';

/**
 * The widget session after chat start (SPEC §7): the conversation, token renewal, sign-out.
 * Plain HTTP routes under `/webchat/v1/sessions/{sessionId}/…`, each proved by the session secret
 * in the JSON body (never in a URL), plus the agent's reply and the admin's sign-out of a person
 * over tRPC.
 */

const sessionSecret = z.string().min(1, 'sessionSecret is required').max(200);

/** A message's text, from a visitor or an agent. */
export const messageText = z
  .string()
  .trim()
  .min(1, 'Type a message first')
  .max(5000, 'The message is too long (5000 characters at most)')
  .refine((m) => textProblem(m) === null, 'The message cannot contain NUL characters or unpaired surrogates');

/** `POST /webchat/v1/sessions/{sessionId}/messages` */
export const sessionMessageInput = z.object({
  sessionSecret,
  text: messageText,
  /** A fresh token for the same person replaces the session's; another person's is refused (IDENTITY_MISMATCH). */
  jwtAuthToken: z.string().max(64 * 1024).nullish(),
});
export type SessionMessageInput = z.input<typeof sessionMessageInput>;

export const sessionMessageOutput = z.object({
  messageId: idSchema,
  /** Orders the conversation; `after` of the updates route. */
  seq: z.number().int(),
  /** Whether the session's token was valid when this message was sent. */
  authenticated: z.boolean(),
});
export type SessionMessageOutput = z.infer<typeof sessionMessageOutput>;

/** `POST /webchat/v1/sessions/{sessionId}/updates`: replies after `after`, waiting up to `waitSeconds` for one. */
export const sessionUpdatesInput = z.object({
  sessionSecret,
  after: z.number().int().min(0).default(0),
  waitSeconds: z.number().int().min(0).max(25).default(25),
});

/** `POST /webchat/v1/sessions/{sessionId}/resume`: the same person (the token's, or anonymous) picks the conversation up again. */
export const sessionResumeInput = z.object({
  sessionSecret,
  jwtAuthToken: z.string().max(64 * 1024).nullish(),
});

/** `POST /webchat/v1/sessions/{sessionId}/end` -> 204 */
export const sessionEndInput = z.object({ sessionSecret });

export const messageAuthorSchema = z.enum(['visitor', 'agent']);

export const chatMessageSchema = z.object({
  id: idSchema,
  seq: z.number().int(),
  author: messageAuthorSchema,
  /** The agent's name on replies; null on the visitor's messages. */
  authorName: z.string().nullable(),
  text: z.string(),
  /** The visitor's messages: whether the session's token was valid when it was sent. Agents' replies: true. */
  authenticated: z.boolean(),
  createdAt: isoDateTime,
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Why a session ended: the visitor (or their site's sign-out) ended it, or an admin signed the person out. */
export const sessionEndReasonSchema = z.enum(['ended', 'revoked']);
export type SessionEndReason = z.infer<typeof sessionEndReasonSchema>;

export const sessionStateSchema = z.object({
  state: z.enum(['open', 'ended']),
  endedReason: sessionEndReasonSchema.nullable(),
});

/** What the widget reads: the session's state and the messages after `after` (the whole conversation on resume). */
export const sessionUpdatesOutput = sessionStateSchema.extend({
  /** Whether a message sent now would count as authenticated (the session's token has not expired). */
  authenticated: z.boolean(),
  messages: z.array(chatMessageSchema),
});
export type SessionUpdatesOutput = z.infer<typeof sessionUpdatesOutput>;

/**
 * The session routes' own refusals (HTTP 401 `{error: {code, message}}`), beside the token codes
 * of SPEC §2 (a message after an enforced session's token expired is `TOKEN_EXPIRED`).
 */
export const SESSION_ERROR_CODES = ['SESSION_INVALID', 'SESSION_ENDED', 'IDENTITY_MISMATCH'] as const;
export const sessionErrorCodeSchema = z.enum(SESSION_ERROR_CODES);
export type SessionErrorCode = (typeof SESSION_ERROR_CODES)[number];

export const SESSION_ERROR_MESSAGES: Record<SessionErrorCode, string> = {
  SESSION_INVALID: 'No open chat session with this id and secret.',
  SESSION_ENDED: 'This chat session has ended; start a new chat.',
  IDENTITY_MISMATCH: 'This token is for someone other than the person in this chat; start a new chat for them.',
};

/** `tickets.reply` (agents and admins): the agent's answer, seen by the visitor live. */
export const ticketReplyInput = z.object({ ticketId: idSchema, text: messageText });
export const ticketReplyOutput = z.object({ message: chatMessageSchema });
export type TicketReplyInput = z.input<typeof ticketReplyInput>;

/**
 * `sessions.revokeForIdentity` (admins, API keys; audited): ends every open widget session of
 * one person, on every instance, within 2 s. Modelled on OpenID Connect back-channel logout.
 */
export const revokeForIdentityInput = z.union([
  z.object({ email: z.email('email: not an email address').max(320) }).strict(),
  z.object({ unique_external_id: z.string().min(1, 'unique_external_id is required').max(256) }).strict(),
]);
export type RevokeForIdentityInput = z.input<typeof revokeForIdentityInput>;
export const revokeForIdentityOutput = z.object({ revoked: z.number().int().min(0) });

/** Where a contact or ticket value came from: the signed token (verified), the visitor's typing, or the AI agent. */
export const provenanceSourceSchema = z.enum(['token', 'visitor', 'ai_agent']);
export type ProvenanceSource = z.infer<typeof provenanceSourceSchema>;
export const provenanceSchema = z.object({ source: provenanceSourceSchema, setAt: isoDateTime });
export type Provenance = z.infer<typeof provenanceSchema>;
export const provenanceMapSchema = z.record(z.string(), provenanceSchema);
