import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { platformCrypto as browser } from './crypto.browser.ts';
import { platformCrypto as node } from './crypto.node.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('the crypto port: the browser implementation agrees with node:crypto', () => {
  it('hashes strings and bytes to the same SHA-256', () => {
    for (const value of ['', 'session-token', 'clé-🔑', bytes('raw bytes'), new Uint8Array([0, 255, 128])]) {
      expect(browser.sha256Hex(value)).toBe(node.sha256Hex(value));
    }
  });

  it('checks HMAC-SHA256 tags alike, refusing a changed or shortened tag', () => {
    const tag = new Uint8Array(Buffer.from('a'.repeat(64), 'hex'));
    for (const impl of [node, browser]) expect(impl.hmacSha256Equals('key', 'message', tag)).toBe(false);
    const nodeTag = createHmac('sha256', 'clé').update('entrée').digest();
    for (const impl of [node, browser]) {
      expect(impl.hmacSha256Equals('clé', 'entrée', nodeTag)).toBe(true);
      expect(impl.hmacSha256Equals('clé', 'entree', nodeTag)).toBe(false);
      expect(impl.hmacSha256Equals('clé', 'entrée', nodeTag.subarray(0, 31))).toBe(false);
    }
  });

  it('opens what the other sealed with AES-256-GCM, and refuses other additional data', () => {
    const key = node.randomBytes(32);
    const iv = browser.randomBytes(12);
    const sealed = node.aesGcmSeal(key, iv, bytes('secret'), bytes('aad'));
    expect(new TextDecoder().decode(browser.aesGcmOpen(key, iv, sealed, bytes('aad')))).toBe('secret');
    const back = browser.aesGcmSeal(key, iv, bytes('secret'), bytes('aad'));
    expect(Buffer.from(back).equals(Buffer.from(sealed))).toBe(true);
    expect(() => browser.aesGcmOpen(key, iv, sealed, bytes('other'))).toThrow();
    expect(() => node.aesGcmOpen(key, iv, back, bytes('other'))).toThrow();
  });

  it('derives the same scrypt key', async () => {
    const salt = node.randomBytes(16);
    const params = { N: 1024, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
    expect(Buffer.from(await browser.scrypt('pässword', salt, params, 64)).equals(Buffer.from(await node.scrypt('pässword', salt, params, 64)))).toBe(true);
  });

  it('makes version 4 UUIDs and compares bytes in constant time', () => {
    expect(browser.randomUUID()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const impl of [node, browser]) {
      expect(impl.timingSafeEqual(bytes('abc'), bytes('abc'))).toBe(true);
      expect(impl.timingSafeEqual(bytes('abc'), bytes('abd'))).toBe(false);
      expect(impl.timingSafeEqual(bytes('abc'), bytes('abcd'))).toBe(false);
    }
  });
});
