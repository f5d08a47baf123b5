import type { Enforcement } from '../schemas/widgets.ts';
import type { ProvenanceSource } from '../schemas/conversation.ts';
import type { Identity } from '../token/verify-types.ts';

/**
 * The rules of a widget session after chat start (SPEC §7): who the session is for, and whether
 * a message counts as authenticated. Decided here, written by the session service.
 */

/** The session's person as one comparable string; emails are already lower-case (the verifier). */
export function identityKey(identity: Identity): string {
  return 'email' in identity ? `email:${identity.email}` : `external:${identity.uniqueExternalId}`;
}

/** `sessions.revokeForIdentity`'s input as the same key. */
export function identityKeyOf(input: { email: string } | { unique_external_id: string }): string {
  return 'email' in input ? identityKey({ email: input.email.toLowerCase() }) : identityKey({ uniqueExternalId: input.unique_external_id });
}

export interface SessionIdentity {
  /** identityKey of the token that started (or last renewed) the session; null when anonymous. */
  identity: string | null;
  /** That token's `exp`. */
  tokenExpiresAt: Date | null;
}

/** A fresh token that came with a message or a resume, already verified. */
export interface FreshToken {
  identity: string;
  expiresAt: Date;
}

export type MessageVerdict =
  | { ok: true; authenticated: boolean; renewedUntil: Date | null }
  | { ok: false; code: 'IDENTITY_MISMATCH' | 'TOKEN_EXPIRED' | 'TOKEN_MISSING' };

/**
 * Whether a visitor's message is authenticated, and whether it is taken at all:
 * - a fresh token for the session's person renews the session and the message is authenticated;
 *   a token for anyone else (or any token on an anonymous session) needs a new session;
 * - without one, the session's token holds until its `exp` plus the widget's leeway;
 * - past that, an enforced widget takes nothing (TOKEN_EXPIRED, or TOKEN_MISSING for an anonymous
 *   session from before enforcement) and any other widget takes the message as unauthenticated.
 */
export function judgeMessage(args: {
  session: SessionIdentity;
  fresh: FreshToken | null;
  enforcement: Enforcement;
  leewaySeconds: number;
  now: Date;
}): MessageVerdict {
  const { session, fresh } = args;
  if (fresh) {
    if (session.identity !== fresh.identity) return { ok: false, code: 'IDENTITY_MISMATCH' };
    return { ok: true, authenticated: true, renewedUntil: fresh.expiresAt };
  }
  if (session.identity !== null && tokenHolds(session.tokenExpiresAt, args.leewaySeconds, args.now)) {
    return { ok: true, authenticated: true, renewedUntil: null };
  }
  if (args.enforcement === 'enforced') return { ok: false, code: session.identity === null ? 'TOKEN_MISSING' : 'TOKEN_EXPIRED' };
  return { ok: true, authenticated: false, renewedUntil: null };
}

/** The session's token is still good: `exp` plus the leeway is not past. */
export function tokenHolds(expiresAt: Date | null, leewaySeconds: number, now: Date): boolean {
  return expiresAt !== null && now.getTime() < expiresAt.getTime() + leewaySeconds * 1000;
}

/**
 * May this page pick the stored conversation up again: only for the same person, where no token
 * is its own person (anonymous). A signed-in session is never shown to a page without a token.
 */
export function mayResume(session: SessionIdentity, fresh: FreshToken | null): boolean {
  return (fresh?.identity ?? null) === session.identity;
}

/** Where each named value came from, all set now by one source. */
export function provenanceOf(names: Iterable<string>, source: ProvenanceSource, at: Date): Record<string, { source: ProvenanceSource; setAt: string }> {
  const setAt = at.toISOString();
  const out: Record<string, { source: ProvenanceSource; setAt: string }> = {};
  for (const name of names) out[name] = { source, setAt };
  return out;
}
