/** Step 5, the JOSE header (RFC 7515 §4.1). */
import type { JsonObject } from './json.ts';
import { quote, reject, typeName } from './rejection.ts';
import type { RejectedToken } from './verify-types.ts';

function algHint(alg: unknown): string {
  if (alg === undefined) return 'The header has no alg; sign with HS256 and the secret shown in the console.';
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    return 'The header says alg "none": unsigned tokens are never accepted. Sign with HS256 and the secret shown in the console.';
  }
  if (typeof alg === 'string' && alg.toUpperCase() === 'HS256') return `alg is case-sensitive: write "HS256", not ${quote(alg)}.`;
  return `The header says alg ${quote(alg)}; sign with HS256 (HMAC with SHA-256) and the secret shown in the console.`;
}

/**
 * RFC 7515 §4.1.9: `typ` is a media type, compared case-insensitively, where a value without
 * '/' stands for "application/<value>"; RFC 7519 §5.1 names "JWT".
 */
function isJwtType(typ: string): boolean {
  const lower = typ.toLowerCase();
  return lower === 'jwt' || lower === 'application/jwt';
}

/**
 * Step 5, the header rules:
 * - `alg` (RFC 7515 §4.1.1) must be exactly "HS256"; RFC 8725 §3.1: the verifier, not the
 *   token, decides the algorithm, so `none` and every other value is ALG_NOT_ALLOWED.
 * - `typ` (RFC 7515 §4.1.9), when present, must be JWT.
 * - `crit` (RFC 7515 §4.1.11): no extension is understood here, so any `crit` is refused.
 * - `kid` (RFC 7515 §4.1.4), when present, is a string.
 * - `jku`, `x5u`, `jwk`, `x5c` (RFC 7515 §4.1.2–4.1.6) are ignored and never fetched: keys come
 *   only from the account (RFC 8725 §3.10).
 */
export function checkHeader(header: JsonObject): RejectedToken | undefined {
  if (header.alg !== 'HS256') {
    return reject('ALG_NOT_ALLOWED', { detail: `The header says alg ${header.alg === undefined ? 'nothing' : quote(header.alg)}.`, hint: algHint(header.alg) });
  }
  const { typ, crit, kid } = header;
  if (typ !== undefined && (typeof typ !== 'string' || !isJwtType(typ))) {
    return reject('TOKEN_MALFORMED', {
      detail: `The header's typ is ${quote(typ)}.`,
      hint: 'Leave typ out of the header, or set it to "JWT".',
    });
  }
  if (crit !== undefined) {
    return reject('TOKEN_MALFORMED', {
      detail: `The header marks extensions as critical (crit ${quote(crit)}), and none is supported.`,
      hint: 'Leave crit out of the header: this service understands no JWS extensions (RFC 7515 §4.1.11).',
    });
  }
  if (kid !== undefined && typeof kid !== 'string') {
    return reject('TOKEN_MALFORMED', {
      detail: `The header's kid is ${typeName(kid)}.`,
      hint: 'kid must be a string: the key id shown under Signing key. Or leave it out.',
    });
  }
  return undefined;
}
