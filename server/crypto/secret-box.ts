import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of signing-key secrets with AES-256-GCM: each secret gets its own data
 * key, the data key is wrapped with the master key, and both layers bind `accountId` and `kid`
 * as additional data, so a sealed value copied to another key's row does not open.
 */
export class SecretBox {
  readonly #masterKey: Buffer;
  /** Names the master key in sealed values without revealing it (first 8 hex of its SHA-256). */
  readonly keyId: string;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new TypeError('The master key must be 32 bytes');
    this.#masterKey = masterKey;
    this.keyId = createHash('sha256').update(masterKey).digest('hex').slice(0, 8);
  }

  seal(plaintext: string, binding: { accountId: string; kid: string }): string {
    const dataKey = randomBytes(32);
    const wrapped = encrypt(this.#masterKey, dataKey, aad('dek', binding));
    const sealed = encrypt(dataKey, Buffer.from(plaintext, 'utf8'), aad('secret', binding));
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
      return decrypt(dataKey, sealed, aad('secret', binding)).toString('utf8');
    } finally {
      dataKey.fill(0);
    }
  }
}

function aad(layer: string, binding: { accountId: string; kid: string }): Buffer {
  return Buffer.from(`webchat-auth:${layer}:${binding.accountId}:${binding.kid}`, 'utf8');
}

function encrypt(key: Buffer, plaintext: Buffer, additionalData: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function decrypt(key: Buffer, encoded: string, additionalData: Buffer): Buffer {
  const raw = Buffer.from(encoded, 'base64url');
  const iv = raw.subarray(0, 12);
  const tag = raw.subarray(raw.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(additionalData);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
}
