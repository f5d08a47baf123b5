import { gcm } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { PlatformCrypto } from './crypto.ts';

const bytes = (value: string | Uint8Array) => (typeof value === 'string' ? utf8ToBytes(value) : value);

function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** RFC 9562 version 4, from getRandomValues (crypto.randomUUID exists only on https pages). */
function randomUUID(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytesToHex(b);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Demo mode's primitives: the browser's CSPRNG, and @noble's audited hashes and ciphers, which are
 * synchronous like node:crypto (WebCrypto is not), so the server's code runs unchanged.
 */
export const platformCrypto: PlatformCrypto = {
  randomBytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
  randomUUID,
  sha256Hex: (value) => bytesToHex(sha256(bytes(value))),
  hmacSha256Equals: (key, message, tag) => timingSafeEqual(hmac(sha256, bytes(key), bytes(message)), tag),
  timingSafeEqual,
  aesGcmSeal: (key, iv, plaintext, aad) => gcm(key, iv, aad).encrypt(plaintext),
  aesGcmOpen: (key, iv, sealed, aad) => gcm(key, iv, aad).decrypt(sealed),
  scrypt: (password, salt, params, keyLength) => scryptAsync(utf8ToBytes(password), salt, { N: params.N, r: params.r, p: params.p, dkLen: keyLength, maxmem: params.maxmem }),
};
