/** Steps 6 and 7, key selection and signature: RFC 7515 §5.2 step 8, §10.1 (key selection is the recipient's). */
import { REJECTION_HINTS } from './codes.ts';
import { quote, reject } from './rejection.ts';
import type { RejectedToken, VerifierKey } from './verify-types.ts';

/** RFC 7518 §3.2: an HS256 signature is the full 32-byte HMAC-SHA256 output, never truncated. */
const HS256_SIGNATURE_BYTES = 32;

/** Which keys may sign this token, in the order to try them. */
export interface KeyPlan {
  ok: true;
  /** The `kid` the header named, if any. */
  kid: string | undefined;
  /** Keys that verify: the named one, or the active key then the retiring one. */
  trusted: VerifierKey[];
  /** Revoked keys, tried last only to tell "signed with a revoked key" from a wrong secret. */
  revoked: VerifierKey[];
}

const STATUS_ORDER: Record<VerifierKey['status'], number> = { active: 0, retiring: 1, revoked: 2 };

function activeKidText(keys: readonly VerifierKey[]): string {
  const active = keys.find((key) => key.status === 'active');
  return active ? `the active key (kid ${quote(active.kid)})` : 'the active key';
}

/**
 * Step 6: a `kid` must name a non-revoked key of the account (RFC 7515 §4.1.4: the hint that
 * selects the key). Without `kid`, the active key is tried, then the retiring one (rotation
 * grace window); revoked keys only sharpen the hint.
 */
export function selectKeys(kid: string | undefined, keys: readonly VerifierKey[]): KeyPlan | RejectedToken {
  if (kid !== undefined) {
    const named = keys.find((key) => key.kid === kid);
    if (!named) {
      return reject('KEY_UNKNOWN', {
        detail: `No key of this account has kid ${quote(kid)}.`,
        hint: `kid ${quote(kid)} is unknown to this account: it may be another account's key, or a typo. Sign with ${activeKidText(keys)}, or leave out kid.`,
      });
    }
    if (named.status === 'revoked') {
      return reject('KEY_UNKNOWN', {
        detail: `Key ${quote(kid)} is revoked.`,
        hint: `kid ${quote(kid)} names a revoked key. Sign with ${activeKidText(keys)}, or leave out kid.`,
      });
    }
    return { ok: true, kid, trusted: [named], revoked: [] };
  }
  const ordered = [...keys].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return {
    ok: true,
    kid,
    trusted: ordered.filter((key) => key.status !== 'revoked'),
    revoked: ordered.filter((key) => key.status === 'revoked'),
  };
}

/** The keys whose HMAC is worth computing: none when the signature cannot be an HS256 one. */
export function signatureCandidates(plan: KeyPlan, signature: Uint8Array): VerifierKey[] {
  return signature.length === HS256_SIGNATURE_BYTES ? [...plan.trusted, ...plan.revoked] : [];
}

/** A signature of another length than HS256's (RFC 7518 §3.2) is refused without computing a MAC. */
export function checkSignatureLength(signature: Uint8Array): RejectedToken | undefined {
  if (signature.length === HS256_SIGNATURE_BYTES) return undefined;
  return reject('SIGNATURE_INVALID', {
    detail: `The signature is ${signature.length} bytes; HS256 gives ${HS256_SIGNATURE_BYTES}.`,
    hint: `Sign with HS256 (not truncated, not another algorithm). ${REJECTION_HINTS.SIGNATURE_INVALID}`,
  });
}

/**
 * Step 7 (RFC 7515 §5.2 step 8): the key that verified the signature, given the first
 * candidate whose HMAC matched, or why there is none.
 */
export function judgeSignature(
  plan: KeyPlan,
  signature: Uint8Array,
  signer: VerifierKey | undefined,
  keys: readonly VerifierKey[],
): { ok: true; key: VerifierKey } | RejectedToken {
  if (signer && signer.status !== 'revoked') return { ok: true, key: signer };
  if (signer) {
    return reject('KEY_UNKNOWN', {
      detail: `It was signed with revoked key ${quote(signer.kid)}.`,
      hint: `The token was signed with revoked key ${signer.kid}. Sign with ${activeKidText(keys)}.`,
    });
  }
  const lengthProblem = checkSignatureLength(signature);
  if (lengthProblem) return lengthProblem;
  if (plan.kid !== undefined) {
    return reject('SIGNATURE_INVALID', {
      detail: `It does not match key ${quote(plan.kid)}.`,
      hint: `Sign with the secret of key ${plan.kid} exactly as the console shows it (the string itself, not decoded), using HS256.`,
    });
  }
  if (plan.trusted.length === 0) {
    return reject('KEY_UNKNOWN', {
      detail: 'This account has no active signing key.',
      hint: 'Generate a signing key under Signing key, then sign with it.',
    });
  }
  return reject('SIGNATURE_INVALID');
}
