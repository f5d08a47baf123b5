import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HmacKeyBytesVerifySync, HmacVerifySync } from '../../shared/token/verify-types.ts';

/**
 * Whether HMAC-SHA256(key, message) equals `tag`, compared in constant time (RFC 7515 §10.7:
 * no early exit an attacker could time). A string key or message counts as its UTF-8 bytes.
 * The lengths are compared first: timingSafeEqual throws on unequal lengths, and a tag of the
 * wrong length is simply not the MAC (RFC 7518 §3.2: HS256 is never truncated).
 */
export function hmacSha256Equals(key: string | Uint8Array, message: string | Uint8Array, tag: Uint8Array): boolean {
  const mac = createHmac('sha256', key).update(message).digest();
  return mac.length === tag.length && timingSafeEqual(mac, tag);
}

/** The chat-start HMAC: the key is the console's secret string, as UTF-8 (SPEC §2). */
export const hmacVerifyNode: HmacVerifySync = hmacSha256Equals;

/** The same with a raw-bytes key (a JWK `oct` key's `k`), for verifyCompactJws. */
export const hmacVerifyNodeKeyBytes: HmacKeyBytesVerifySync = hmacSha256Equals;
