import type { HmacVerifyAsync } from '../../shared/token/verify-types.ts';

const encoder = new TextEncoder();

/** Imported keys by secret: importKey is the slow part, and the tester checks one key many times. */
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    keys.set(secret, key);
    key.catch(() => keys.delete(secret));
  }
  return key;
}

/**
 * HMAC-SHA256 verification through WebCrypto, for the verifier in the browser (the console's
 * token tester). The key is the secret string's UTF-8 bytes (SPEC §2); `verify` compares in
 * constant time and answers false for a signature of the wrong length.
 */
export const hmacVerifyWebCrypto: HmacVerifyAsync = async (secret, signingInput, signature) =>
  // The copy: WebCrypto's types take views of an ArrayBuffer only, never a SharedArrayBuffer.
  crypto.subtle.verify('HMAC', await hmacKey(secret), new Uint8Array(signature), encoder.encode(signingInput));
