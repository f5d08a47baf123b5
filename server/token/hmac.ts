import { platformCrypto } from '#platform/crypto';
import type { HmacKeyBytesVerifySync, HmacVerifySync } from '../../shared/token/verify-types.ts';

/**
 * Whether HMAC-SHA256(key, message) equals `tag`, compared in constant time (RFC 7515 §10.7:
 * no early exit an attacker could time). A string key or message counts as its UTF-8 bytes.
 * A tag of the wrong length is simply not the MAC (RFC 7518 §3.2: HS256 is never truncated).
 */
export const hmacSha256Equals = platformCrypto.hmacSha256Equals;

/** The chat-start HMAC: the key is the console's secret string, as UTF-8 (SPEC §2). */
export const hmacVerify: HmacVerifySync = hmacSha256Equals;

/** The same with a raw-bytes key (a JWK `oct` key's `k`), for verifyCompactJws. */
export const hmacVerifyKeyBytes: HmacKeyBytesVerifySync = hmacSha256Equals;
