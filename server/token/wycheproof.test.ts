/**
 * Wycheproof vectors (C2SP/wycheproof, copies in /work/shared/testdata/wycheproof) through the
 * verifier's JWS layer (verifyCompactJws: structure, header, HS256 signature, key as raw bytes)
 * and through the node HMAC.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REJECTION_CODES } from '../../shared/token/codes.ts';
import type { VerifyContext } from '../../shared/token/verify-types.ts';
import { verifyCompactJws, verifyTokenSync } from '../../shared/token/verify.ts';
import { hmacSha256Equals, hmacVerify, hmacVerifyKeyBytes } from './hmac.ts';

const TESTDATA = new URL('../../../shared/testdata/wycheproof/', import.meta.url);

function load<T>(file: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(file, TESTDATA)), 'utf8')) as T;
}

interface JwsVector {
  tcId: number;
  comment: string;
  jws: string | object;
  result: 'valid' | 'invalid' | 'acceptable';
  flags: string[];
}
interface JwsGroup {
  comment: string;
  private: { kty: string; alg?: string; k?: string };
  tests: JwsVector[];
}

/**
 * Vectors where this verifier deliberately answers differently from the file, and why. A strict
 * compact-serialization verifier (RFC 7515 §7.1, §2) is right in each case; see the README next
 * to the vectors.
 */
const EXCEPTIONS: Record<number, { expected: 'valid' | 'invalid'; reason: string }> = {
  367: {
    expected: 'valid',
    reason:
      'invalidBase64Padding: the file calls it invalid, but its jws is byte-for-byte the valid tcId 357 (no padding is present); a correct HS256 verifier must accept it.',
  },
  370: {
    expected: 'valid',
    reason:
      'invalidBase64PaddingInPayload: the file calls it invalid, but its jws is byte-for-byte the valid tcId 357 (no padding is present); a correct HS256 verifier must accept it.',
  },
  372: {
    expected: 'invalid',
    reason: "InvalidCharacterInsertedInHeader: a '?' inside the header part is not base64url, so this is not a compact JWS (RFC 7515 §7.1); the file accepts decoders that skip it.",
  },
  373: {
    expected: 'invalid',
    reason: "InvalidCharacterInsertedInPayload: a '?' inside the payload part is not base64url, so this is not a compact JWS (RFC 7515 §7.1); the file accepts decoders that skip it.",
  },
};

const jwsFile = load<{ testGroups: JwsGroup[] }>('json_web_signature_test.json');
const hs256Groups = jwsFile.testGroups.filter((g) => g.private.kty === 'oct' && g.private.alg === 'HS256');
const otherGroups = jwsFile.testGroups.filter((g) => !hs256Groups.includes(g));

function keyBytes(group: JwsGroup): Uint8Array {
  return Buffer.from(group.private.k ?? '', 'base64url');
}

/** A JSON-serialized vector is given as an object; as a token it is its JSON text. */
function tokenOf(vector: JwsVector): string {
  return typeof vector.jws === 'string' ? vector.jws : JSON.stringify(vector.jws);
}

describe('Wycheproof json_web_signature_test.json, HS256 groups (kty oct)', () => {
  const cases = hs256Groups.flatMap((group) => group.tests.map((vector) => ({ group, vector, id: vector.tcId, name: vector.comment })));

  it('has the HS256 vectors the exception list refers to', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    const ids = new Set(cases.map((c) => c.id));
    for (const id of Object.keys(EXCEPTIONS)) expect(ids.has(Number(id))).toBe(true);
    expect(tokenOf(cases.find((c) => c.id === 367)?.vector as JwsVector)).toBe(tokenOf(cases.find((c) => c.id === 357)?.vector as JwsVector));
  });

  it.each(cases)('tcId $id ($name) gives the expected result at the JWS layer', ({ group, vector }) => {
    const expected = EXCEPTIONS[vector.tcId]?.expected ?? (vector.result === 'valid' ? 'valid' : 'invalid');
    const result = verifyCompactJws(tokenOf(vector), keyBytes(group), hmacVerifyKeyBytes);
    if (expected === 'valid') {
      expect(result).toMatchObject({ ok: true, header: { alg: 'HS256' } });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(REJECTION_CODES).toContain(result.code);
    }
  });

  it('refuses alg none with ALG_NOT_ALLOWED (tcId 16)', () => {
    const vector = cases.find((c) => c.id === 16);
    const result = verifyCompactJws(tokenOf(vector?.vector as JwsVector), keyBytes(hs256Groups[0] as JwsGroup), hmacVerifyKeyBytes);
    expect(result).toMatchObject({ ok: false, code: 'ALG_NOT_ALLOWED' });
  });

  it('refuses a modified signature with SIGNATURE_INVALID and non-canonical base64url with TOKEN_MALFORMED', () => {
    const [group] = hs256Groups as [JwsGroup];
    const modified = group.tests.find((t) => t.tcId === 2) as JwsVector;
    expect(verifyCompactJws(tokenOf(modified), keyBytes(group), hmacVerifyKeyBytes)).toMatchObject({ code: 'SIGNATURE_INVALID' });
    const unusedBits = cases.find((c) => c.id === 374) as (typeof cases)[number];
    expect(verifyCompactJws(tokenOf(unusedBits.vector), keyBytes(unusedBits.group), hmacVerifyKeyBytes)).toMatchObject({ code: 'TOKEN_MALFORMED' });
  });
});

describe('Wycheproof json_web_signature_test.json, every other algorithm', () => {
  const cases = otherGroups.flatMap((group) =>
    group.tests.map((vector) => ({ vector, id: vector.tcId, alg: group.private.alg ?? group.private.kty, name: vector.comment })),
  );
  const anyKey = keyBytes(hs256Groups[0] as JwsGroup);
  const ctx: VerifyContext = {
    keys: [{ kid: 'k', status: 'active', secret: 'secret' }],
    policy: { clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 86_400 },
    catalog: { ticketFields: [], contactFields: [] },
    nowSeconds: 1_750_000_000,
  };

  it('covers the non-HS256 vectors', () => {
    expect(cases.length).toBeGreaterThan(300);
  });

  // Most carry another alg (ALG_NOT_ALLOWED); a few are HS256 tokens keyed with the group's
  // public key bytes (symmetry confusion), which no account key verifies.
  it.each(cases)('refuses tcId $id ($alg, $name), whatever the file says about its signature', ({ vector }) => {
    const jws = verifyCompactJws(tokenOf(vector), anyKey, hmacVerifyKeyBytes);
    expect(jws.ok).toBe(false);
    if (!jws.ok) expect(REJECTION_CODES).toContain(jws.code);
    expect(verifyTokenSync(tokenOf(vector), ctx, hmacVerify).ok).toBe(false);
  });
});

interface MacGroup {
  keySize: number;
  tagSize: number;
  tests: { tcId: number; comment: string; key: string; msg: string; tag: string; result: 'valid' | 'invalid' }[];
}

describe('Wycheproof hmac_sha256_test.json through the node HMAC', () => {
  const groups = load<{ testGroups: MacGroup[] }>('hmac_sha256_test.json').testGroups;
  const full = groups.filter((g) => g.tagSize === 256).flatMap((g) => g.tests.map((t) => ({ ...t, keySize: g.keySize })));
  const truncated = groups.filter((g) => g.tagSize !== 256).flatMap((g) => g.tests.map((t) => ({ ...t, tagSize: g.tagSize })));

  it.each(full)('tcId $tcId ($comment, $keySize-bit key) is $result', ({ key, msg, tag, result }) => {
    expect(hmacSha256Equals(Buffer.from(key, 'hex'), Buffer.from(msg, 'hex'), Buffer.from(tag, 'hex'))).toBe(result === 'valid');
  });

  // RFC 7518 §3.2: an HS256 signature is the whole 256-bit MAC. A truncated tag is never a
  // signature here, even where the file lists it as a valid truncated MAC.
  it.each(truncated)('tcId $tcId: refuses a $tagSize-bit truncated tag', ({ key, msg, tag }) => {
    expect(hmacSha256Equals(Buffer.from(key, 'hex'), Buffer.from(msg, 'hex'), Buffer.from(tag, 'hex'))).toBe(false);
  });

  it('takes a string key and message as their UTF-8 bytes', () => {
    const mac = createHmac('sha256', Buffer.from('clé-🔑', 'utf8')).update(Buffer.from('entrée', 'utf8')).digest();
    expect(hmacVerify('clé-🔑', 'entrée', mac)).toBe(true);
    expect(hmacVerify('clé-🔑', 'entree', mac)).toBe(false);
    expect(hmacVerify('clé-🔑', 'entrée', mac.subarray(0, 31))).toBe(false);
  });
});
