import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import type { PlatformCrypto } from './crypto.ts';

/** The server's primitives: node:crypto (OpenSSL), nothing in between. */
export const platformCrypto: PlatformCrypto = {
  randomBytes: (length) => randomBytes(length),
  randomUUID: () => randomUUID(),
  sha256Hex: (value) => createHash('sha256').update(value).digest('hex'),
  hmacSha256Equals(key, message, tag) {
    const mac = createHmac('sha256', key).update(message).digest();
    // timingSafeEqual throws on unequal lengths; a tag of the wrong length is simply not the MAC.
    return mac.length === tag.length && timingSafeEqual(mac, tag);
  },
  timingSafeEqual: (a, b) => a.length === b.length && timingSafeEqual(a, b),
  aesGcmSeal(key, iv, plaintext, aad) {
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  },
  aesGcmOpen(key, iv, sealed, aad) {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  },
  scrypt: (password, salt, params, keyLength) =>
    new Promise((resolve, reject) => {
      scrypt(password, salt, keyLength, params, (err, key) => (err ? reject(err) : resolve(key)));
    }),
};
