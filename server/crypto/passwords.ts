import { platformCrypto } from '#platform/crypto';
import type { ScryptParams } from '../platform/crypto.ts';
import { base64UrlDecode, base64UrlEncode } from '../../shared/base64url.ts';

// scrypt N=2^15, r=8, p=1 (OWASP's minimum for scrypt), 64-byte key.
const PARAMS: ScryptParams = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 64;

function derive(password: string, salt: Uint8Array, params: ScryptParams = PARAMS): Promise<Uint8Array> {
  return platformCrypto.scrypt(password.normalize('NFKC'), salt, params, KEY_LENGTH);
}

export async function hashPassword(password: string): Promise<string> {
  const salt = platformCrypto.randomBytes(16);
  const key = await derive(password, salt);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${base64UrlEncode(salt)}$${base64UrlEncode(key)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = base64UrlDecode(key);
  const actual = await derive(password, base64UrlDecode(salt), { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAMS.maxmem });
  return platformCrypto.timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * A hash of nothing, verified against when the email is unknown, so both answers take as long.
 * Made on first use, not at import: a host that never signs anyone in pays nothing.
 */
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword(base64UrlEncode(platformCrypto.randomBytes(16))));
}
