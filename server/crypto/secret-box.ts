import { platformCrypto } from '#platform/crypto';
import { base64UrlDecode, base64UrlEncode } from '../../shared/base64url.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Envelope encryption of signing-key secrets with AES-256-GCM: each secret gets its own data
 * key, the data key is wrapped with the master key, and both layers bind `accountId` and `kid`
 * as additional data, so a sealed value copied to another key's row does not open.
 */
export class SecretBox {
  readonly #masterKey: Uint8Array;
  /** Names the master key in sealed values without revealing it (first 8 hex of its SHA-256). */
  readonly keyId: string;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== 32) throw new TypeError('The master key must be 32 bytes');
    this.#masterKey = masterKey;
    this.keyId = platformCrypto.sha256Hex(masterKey).slice(0, 8);
  }

  seal(plaintext: string, binding: { accountId: string; kid: string }): string {
    const dataKey = platformCrypto.randomBytes(32);
    const wrapped = encrypt(this.#masterKey, dataKey, aad('dek', binding));
    const sealed = encrypt(dataKey, encoder.encode(plaintext), aad('secret', binding));
    dataKey.fill(0);
    return ['v1', this.keyId, wrapped, sealed].join('.');
  }

  open(sealedValue: string, binding: { accountId: string; kid: string }): string {
    const [version, keyId, wrapped, sealed] = sealedValue.split('.');
    if (version !== 'v1' || !wrapped || !sealed) throw new Error('Unrecognised sealed secret');
    if (keyId !== this.keyId) {
      throw new Error(`This secret was sealed with master key ${keyId}, not the configured ${this.keyId}`);
    }
    const dataKey = decrypt(this.#masterKey, wrapped, aad('dek', binding));
    try {
      return decoder.decode(decrypt(dataKey, sealed, aad('secret', binding)));
    } finally {
      dataKey.fill(0);
    }
  }
}

function aad(layer: string, binding: { accountId: string; kid: string }): Uint8Array {
  return encoder.encode(`webchat-auth:${layer}:${binding.accountId}:${binding.kid}`);
}

function encrypt(key: Uint8Array, plaintext: Uint8Array, additionalData: Uint8Array): string {
  const iv = platformCrypto.randomBytes(12);
  const body = platformCrypto.aesGcmSeal(key, iv, plaintext, additionalData);
  const out = new Uint8Array(iv.length + body.length);
  out.set(iv);
  out.set(body, iv.length);
  return base64UrlEncode(out);
}

function decrypt(key: Uint8Array, encoded: string, additionalData: Uint8Array): Uint8Array {
  const raw = base64UrlDecode(encoded);
  return platformCrypto.aesGcmOpen(key, raw.subarray(0, 12), raw.subarray(12), additionalData);
}
