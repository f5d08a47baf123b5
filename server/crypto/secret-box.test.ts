import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeMasterKey } from './master-key.ts';
import { SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));
  const binding = { accountId: 'acct-1', kid: 'k_1' };

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = box.seal('s3cret-value-of-the-key', binding);
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed, binding)).toBe('s3cret-value-of-the-key');
  });

  it('refuses a sealed value moved to another key or account (the additional data binds both)', () => {
    const sealed = box.seal('secret', binding);
    expect(() => box.open(sealed, { ...binding, kid: 'k_2' })).toThrow();
    expect(() => box.open(sealed, { ...binding, accountId: 'acct-2' })).toThrow();
  });

  it('refuses a sealed value that was tampered with, or sealed under another master key', () => {
    const sealed = box.seal('secret', binding);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered, binding)).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, binding)).toThrow(/sealed with master key/);
  });

  it('seals the same secret differently each time', () => {
    expect(box.seal('secret', binding)).not.toBe(box.seal('secret', binding));
  });

  it('reads a master key written as hex or base64, and names the expected form otherwise', () => {
    const raw = randomBytes(32);
    expect(decodeMasterKey(raw.toString('hex'))).toEqual(raw);
    expect(decodeMasterKey(raw.toString('base64'))).toEqual(raw);
    expect(decodeMasterKey(raw.toString('base64url'))).toEqual(raw);
    expect(() => decodeMasterKey('short')).toThrow(/32 bytes/);
  });
});
