/**
 * The cryptographic primitives the server's code needs, one file per host: node:crypto on the
 * server (`crypto.node.ts`), audited pure-JS (@noble) plus the browser's CSPRNG in demo mode
 * (`crypto.browser.ts`). Which one a build gets is chosen by the `#platform/crypto` import in
 * package.json (the `browser` condition), so the server's code paths never pay for the port.
 * Everything is synchronous except scrypt, as node:crypto's own calls are.
 */
export interface PlatformCrypto {
  /** `length` bytes from the CSPRNG. */
  randomBytes(length: number): Uint8Array;
  randomUUID(): string;
  /** SHA-256 of bytes (a string counts as its UTF-8 bytes), as lowercase hex. */
  sha256Hex(value: string | Uint8Array): string;
  /** HMAC-SHA256(key, message) equals `tag`, in constant time; a string counts as its UTF-8 bytes. */
  hmacSha256Equals(key: string | Uint8Array, message: string | Uint8Array, tag: Uint8Array): boolean;
  /** Constant-time equality of two byte strings of the same length (false when lengths differ). */
  timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
  /** AES-256-GCM: the ciphertext followed by its 16-byte tag. */
  aesGcmSeal(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** Throws when the tag does not match (wrong key, tampered data, other additional data). */
  aesGcmOpen(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
  scrypt(password: string, salt: Uint8Array, params: ScryptParams, keyLength: number): Promise<Uint8Array>;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  maxmem: number;
}
