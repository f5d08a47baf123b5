/**
 * Wycheproof vectors (C2SP/wycheproof, copies in /work/shared/testdata/wycheproof) through the
 * verifier's production steps, each refusal with the exact code, and through the node HMAC.
 *
 * Which entry point: the JWS vectors go through verifyCompactJws, which runs the same steps as
 * verifyTokenSync (size, compact structure, header, HS256 signature) with the key as raw bytes.
 * A raw-bytes key is unavoidable: the groups' `k` values are random bytes (two of the three are
 * not even UTF-8), while an account key is a console secret string whose UTF-8 bytes are the
 * key. And none of the files' payloads ("foo", "Test", RFC 7520's prose) is a JWT Claims Set, so
 * verifyTokenSync refuses every vector at step 4, before the header and signature. That too is
 * asserted per vector below, through verifyTokenSync with the group's key.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RejectionCode } from '../../shared/token/codes.ts';
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
  private: { kty: string; alg?: string; k?: string; kid?: string };
  tests: JwsVector[];
}

/** What the verifier answers: it accepts, or refuses with this code. */
type Expected = 'valid' | RejectionCode;

/**
 * Vectors where this verifier deliberately answers differently from the file, and why. A strict
 * compact-serialization verifier (RFC 7515 §7.1, §2) is right in each case; see the README next
 * to the vectors.
 */
const EXCEPTIONS: Record<number, { expected: Expected; reason: string }> = {
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
    expected: 'TOKEN_MALFORMED',
    reason: "InvalidCharacterInsertedInHeader: a '?' inside the header part is not base64url, so this is not a compact JWS (RFC 7515 §7.1); the file accepts decoders that skip it.",
  },
  373: {
    expected: 'TOKEN_MALFORMED',
    reason: "InvalidCharacterInsertedInPayload: a '?' inside the payload part is not base64url, so this is not a compact JWS (RFC 7515 §7.1); the file accepts decoders that skip it.",
  },
};

/**
 * Faults in the compact serialization itself (RFC 7515 §7.1, §2), found before the header is
 * read, whatever the algorithm: the same code in every group.
 */
const STRUCTURE_FAULTS: Record<string, RejectionCode> = {
  rejectsEmptyString: 'TOKEN_MISSING',
  // Not three parts.
  rejectsMissingSignatureAndSeparator: 'TOKEN_MALFORMED',
  rejectsMissingPayloadAndSeparator: 'TOKEN_MALFORMED',
  rejectsMissingHeaderAndSeparator: 'TOKEN_MALFORMED',
  rejectsMissingHeaderSignatureAndSeparator: 'TOKEN_MALFORMED',
  rejectsMissingHeaderSignatureAndSeparators: 'TOKEN_MALFORMED',
  rejectsExtraEmptyComponent: 'TOKEN_MALFORMED',
  rejectsExtraComponent: 'TOKEN_MALFORMED',
  rejectsValidJsonSerialization: 'TOKEN_MALFORMED',
  // An empty header is no JSON object.
  rejectsMissingHeader: 'TOKEN_MALFORMED',
  rejectsMissingHeaderAndSignature: 'TOKEN_MALFORMED',
  // A part that is not strict base64url: spaces, '?', '#', or non-zero unused bits (RFC 4648 §3.5).
  rejectsSpacesInMac: 'TOKEN_MALFORMED',
  rejectsInvalidCharacterInsertedInMac: 'TOKEN_MALFORMED',
  rejects0ReplacedbyInvalidCharacter: 'TOKEN_MALFORMED',
  rejectsInvalidCharacters: 'TOKEN_MALFORMED',
  spacesInHeader: 'TOKEN_MALFORMED',
  invalidCharactersInHeader: 'TOKEN_MALFORMED',
  spacesInPayload: 'TOKEN_MALFORMED',
  invalidCharactersInPayload: 'TOKEN_MALFORMED',
  InvalidCharacterInPayload: 'TOKEN_MALFORMED',
  ModifiedUnusedBitsInPayload: 'TOKEN_MALFORMED',
  MacOfIncorrectlyEncodedMessage: 'TOKEN_MALFORMED',
};

/** HS256 groups, the well-formed vectors: accepted, or refused at the header or the signature. */
const HS256_BY_COMMENT: Record<string, Expected> = {
  acceptsValid: 'valid',
  Figure35: 'valid',
  ValidMac: 'valid',
  ValidEdgeCaseMac: 'valid',
  ValidSpacesInJsonHeader: 'valid',
  ValidWhiteSpaceInJsonHeader: 'valid',
  // RFC 8725 §3.1: the verifier decides the algorithm; the header comes before the signature.
  rejectsNoneAlgorithmAndMissingSignature: 'ALG_NOT_ALLOWED',
  rejectsModifiedSignature: 'SIGNATURE_INVALID',
  rejectsModifiedPayload: 'SIGNATURE_INVALID',
  rejectsMissingPayload: 'SIGNATURE_INVALID',
  // Its kid was changed: the JWS layer does not look kid up, so the HMAC over the new header fails.
  rejectsModifiedHeader: 'SIGNATURE_INVALID',
  // An empty signature is 0 bytes, not the 32 of HS256 (RFC 7518 §3.2).
  rejectsMissingSignature: 'SIGNATURE_INVALID',
};

/**
 * Other algorithms, well-formed: the header names ES256, RS256, PS512, none… and is refused
 * (ALG_NOT_ALLOWED, RFC 8725 §3.1) before any signature is looked at, whatever the flag says was
 * done to the signature. One vector does say HS256.
 */
const OTHER_BY_FLAG: Record<string, RejectionCode> = {
  ModifiedPadding: 'ALG_NOT_ALLOWED',
  ModifiedSignature: 'ALG_NOT_ALLOWED',
  WrongPrimitive: 'ALG_NOT_ALLOWED',
  AlgIsNone: 'ALG_NOT_ALLOWED',
};
const OTHER_BY_COMMENT: Record<string, RejectionCode> = {
  // An HS256 token keyed with the EC public key's bytes: no HS256 key of ours verifies it.
  rejectsSymmetryConfusionAttacks_aesKeyFromEcVerificationKeyBytes: 'SIGNATURE_INVALID',
};
const OTHER_UNFLAGGED: RejectionCode = 'ALG_NOT_ALLOWED';

const jwsFile = load<{ testGroups: JwsGroup[] }>('json_web_signature_test.json');
const isHs256 = (group: JwsGroup) => group.private.kty === 'oct' && group.private.alg === 'HS256';
const hs256Groups = jwsFile.testGroups.filter(isHs256);
const otherGroups = jwsFile.testGroups.filter((g) => !isHs256(g));

/** The answer the tables give for a vector, or undefined when no row covers it. */
function expectedAtJwsLayer(group: JwsGroup, vector: JwsVector): Expected | undefined {
  const exception = EXCEPTIONS[vector.tcId];
  if (exception) return exception.expected;
  const structural = STRUCTURE_FAULTS[vector.comment];
  if (structural) return structural;
  if (isHs256(group)) return HS256_BY_COMMENT[vector.comment];
  const [flag] = vector.flags;
  return OTHER_BY_COMMENT[vector.comment] ?? (flag === undefined ? OTHER_UNFLAGGED : OTHER_BY_FLAG[flag]);
}

function keyBytes(group: JwsGroup): Uint8Array {
  return Buffer.from(group.private.k ?? '', 'base64url');
}

/** A JSON-serialized vector is given as an object; as a token it is its JSON text. */
function tokenOf(vector: JwsVector): string {
  return typeof vector.jws === 'string' ? vector.jws : JSON.stringify(vector.jws);
}

function casesOf(groups: JwsGroup[]) {
  return groups.flatMap((group) =>
    group.tests.map((vector) => ({
      group,
      vector,
      id: vector.tcId,
      name: vector.comment,
      alg: group.private.alg ?? group.private.kty,
      expected: expectedAtJwsLayer(group, vector),
    })),
  );
}

const hs256Cases = casesOf(hs256Groups);
const otherCases = casesOf(otherGroups);
const allCases = [...hs256Cases, ...otherCases];

function expectAnswer(result: ReturnType<typeof verifyCompactJws>, expected: Expected | undefined) {
  if (expected === 'valid') expect(result).toMatchObject({ ok: true, header: { alg: 'HS256' } });
  else expect(result).toMatchObject({ ok: false, code: expected });
}

describe('the expected-answer tables', () => {
  it('give an answer for every vector and the exception list names HS256 vectors', () => {
    expect(hs256Cases.length).toBeGreaterThanOrEqual(40);
    expect(otherCases.length).toBeGreaterThan(300);
    expect(allCases.filter((c) => c.expected === undefined).map((c) => `${c.id} ${c.name} [${c.vector.flags.join(',')}]`)).toEqual([]);
    const ids = new Set(hs256Cases.map((c) => c.id));
    for (const id of Object.keys(EXCEPTIONS)) expect(ids.has(Number(id))).toBe(true);
    const byId = (id: number) => tokenOf(hs256Cases.find((c) => c.id === id)?.vector as JwsVector);
    expect(byId(367)).toBe(byId(357));
    expect(byId(370)).toBe(byId(357));
  });

  it('have no row that no vector uses', () => {
    const comments = new Set(allCases.map((c) => c.name));
    const flags = new Set(otherCases.flatMap((c) => c.vector.flags));
    const unused = [
      ...[STRUCTURE_FAULTS, HS256_BY_COMMENT, OTHER_BY_COMMENT].flatMap((table) => Object.keys(table).filter((comment) => !comments.has(comment))),
      ...Object.keys(OTHER_BY_FLAG).filter((flag) => !flags.has(flag)),
    ];
    expect(unused).toEqual([]);
  });
});

describe('Wycheproof json_web_signature_test.json, HS256 groups (kty oct), through verifyCompactJws', () => {
  it.each(hs256Cases)('tcId $id ($name): $expected', ({ group, vector, expected }) => {
    expectAnswer(verifyCompactJws(tokenOf(vector), keyBytes(group), hmacVerifyKeyBytes), expected);
  });
});

describe('Wycheproof json_web_signature_test.json, every other algorithm, through verifyCompactJws', () => {
  // The key of the first HS256 group: these vectors must fail whatever HS256 key is tried.
  const anyKey = keyBytes(hs256Groups[0] as JwsGroup);

  it.each(otherCases)('tcId $id ($alg, $name): $expected', ({ vector, expected }) => {
    expectAnswer(verifyCompactJws(tokenOf(vector), anyKey, hmacVerifyKeyBytes), expected);
  });
});

describe('Wycheproof json_web_signature_test.json, every vector through verifyTokenSync (chat start)', () => {
  /** The group's key as an account key: its kid, and `k` as the secret string (see the top of the file). */
  function contextOf(group: JwsGroup): VerifyContext {
    return {
      keys: [{ kid: group.private.kid ?? 'wycheproof', status: 'active', secret: group.private.k ?? 'not-an-hmac-key' }],
      policy: { clockLeewaySeconds: 60, maxTokenLifetimeSeconds: 86_400 },
      catalog: { ticketFields: [], contactFields: [] },
      nowSeconds: 1_750_000_000,
    };
  }

  // SPEC §5 precedence: a structure fault keeps its code; every other vector reaches step 4 and
  // stops there, since no payload in the file is a JSON object.
  const tokenCases = allCases.map((c) => {
    const structural = c.expected === 'TOKEN_MISSING' || c.expected === 'TOKEN_MALFORMED';
    return { ...c, code: structural ? (c.expected as RejectionCode) : 'TOKEN_MALFORMED', payloadRefused: !structural };
  });

  it.each(tokenCases)('tcId $id ($alg, $name): $code', ({ group, vector, code, payloadRefused }) => {
    const result = verifyTokenSync(tokenOf(vector), contextOf(group), hmacVerify);
    expect(result).toMatchObject({ ok: false, code });
    if (payloadRefused) expect(result).toMatchObject({ message: expect.stringContaining('The payload is not a JSON object.') as unknown });
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
