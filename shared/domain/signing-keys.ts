import { DomainError } from '../errors.ts';
import type { SigningKeyStatus, SigningKeySummary } from '../schemas/signing-keys.ts';

/** A signing key as its lifecycle rules see it (no secret). */
export interface KeyState {
  kid: string;
  status: SigningKeyStatus;
  retiresAt: Date | null;
  revokedAt: Date | null;
}

/** A retiring key whose grace window has run out counts as revoked from that moment. */
export function effectiveStatus(key: KeyState, now: Date): SigningKeyStatus {
  if (key.status === 'retiring' && key.retiresAt !== null && key.retiresAt <= now) return 'revoked';
  return key.status;
}

export function effectiveRevokedAt(key: KeyState, now: Date): Date | null {
  if (key.revokedAt) return key.revokedAt;
  return effectiveStatus(key, now) === 'revoked' ? key.retiresAt : null;
}

export interface RotationPlan {
  /** The key that was active: it retires at `retiresAt`, or is revoked now when grace is 0. */
  previous: { kid: string; status: 'retiring' | 'revoked'; retiresAt: Date | null } | null;
  /** Retiring keys whose window has ended, to be stored as revoked. */
  expired: string[];
}

/**
 * "Generate new key": the new key becomes active; the old one keeps verifying for the grace
 * window, or stops at once with grace 0. At most one key retires at a time, so a second
 * rotation inside a grace window is a CONFLICT rather than a silent revocation (SPEC §5).
 */
export function planRotation(keys: readonly KeyState[], now: Date, graceSeconds: number): RotationPlan {
  const expired = keys
    .filter((k) => k.status === 'retiring' && effectiveStatus(k, now) === 'revoked')
    .map((k) => k.kid);
  const retiring = keys.find((k) => effectiveStatus(k, now) === 'retiring');
  if (retiring) {
    throw new DomainError(
      'CONFLICT',
      `Key ${retiring.kid} is still retiring (until ${retiring.retiresAt?.toISOString()}). Revoke it before generating another key.`,
    );
  }
  const active = keys.find((k) => k.status === 'active');
  if (!active) return { previous: null, expired };
  if (graceSeconds === 0) return { previous: { kid: active.kid, status: 'revoked', retiresAt: null }, expired };
  return {
    previous: { kid: active.kid, status: 'retiring', retiresAt: new Date(now.getTime() + graceSeconds * 1000) },
    expired,
  };
}

/** Revocation is immediate; the active key is replaced by rotation, never revoked bare. */
export function planRevoke(keys: readonly KeyState[], kid: string, now: Date): KeyState {
  const key = keys.find((k) => k.kid === kid);
  if (!key) throw new DomainError('NOT_FOUND', `No signing key ${kid} in this account`);
  const status = effectiveStatus(key, now);
  if (status === 'revoked') throw new DomainError('PRECONDITION_FAILED', `Key ${kid} is already revoked`);
  if (status === 'active') {
    throw new DomainError(
      'PRECONDITION_FAILED',
      'The active key cannot be revoked on its own. Generate a new key with no grace period to replace it at once.',
    );
  }
  return key;
}

export function assertRevealable<K extends KeyState>(key: K | undefined, kid: string, now: Date): K {
  if (!key) throw new DomainError('NOT_FOUND', `No signing key ${kid} in this account`);
  if (effectiveStatus(key, now) === 'revoked') {
    throw new DomainError('PRECONDITION_FAILED', `Key ${kid} is revoked; its secret is no longer shown`);
  }
  return key;
}

/** A key as clients see it: effective status at `now`, times as ISO strings, no secret. */
export function summarizeKey(
  key: KeyState & { createdAt: Date; lastUsedAt: Date | null; last4: string },
  now: Date,
): SigningKeySummary {
  const revokedAt = effectiveRevokedAt(key, now);
  return {
    kid: key.kid,
    status: effectiveStatus(key, now),
    createdAt: key.createdAt.toISOString(),
    retiresAt: key.retiresAt?.toISOString() ?? null,
    revokedAt: revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    last4: key.last4,
  };
}

/** The key list's order: active, then retiring, then revoked; newest first within each. */
export function sortKeysForDisplay(keys: SigningKeySummary[]): SigningKeySummary[] {
  const order = { active: 0, retiring: 1, revoked: 2 } as const;
  return [...keys].sort((a, b) => order[a.status] - order[b.status] || b.createdAt.localeCompare(a.createdAt));
}
