import { platformCrypto } from '#platform/crypto';
import { base64UrlEncode } from '../../shared/base64url.ts';

/** base64url of `bytes` bytes from the CSPRNG. */
export function randomToken(bytes = 32): string {
  return base64UrlEncode(platformCrypto.randomBytes(bytes));
}

export function newId(): string {
  return platformCrypto.randomUUID();
}

export function sha256(value: string): string {
  return platformCrypto.sha256Hex(value);
}

const encoder = new TextEncoder();

export function safeEqual(a: string, b: string): boolean {
  return platformCrypto.timingSafeEqual(encoder.encode(a), encoder.encode(b));
}
