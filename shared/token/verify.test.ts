import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hmacVerifyWebCrypto } from '../../client/lib/hmac-webcrypto.ts';
import { hmacVerify } from '../../server/token/hmac.ts';
import { SEED_CONTACT_FIELDS, SEED_TICKET_FIELDS } from '../seed.ts';
import { MAX_TOKEN_BYTES, REJECTION_CODES, REJECTION_HINTS, REJECTION_MESSAGES, type RejectionCode } from './codes.ts';
import type { RejectedToken, VerifiedToken, VerifierField, VerifierKey, VerifyContext, VerifyResult } from './verify-types.ts';
import { verifyTokenAsync, verifyTokenSync } from './verify.ts';

// The clock is frozen: every rule reads ctx.nowSeconds, never a real clock.
const NOW = 1_750_000_000;
const LEEWAY = 60;
const MAX_LIFETIME = 86_400;

const ACTIVE: VerifierKey = { kid: 'key_active', status: 'active', secret: 'Q2hhdEF1dGhBY3RpdmVLZXlfMDEyMzQ1Njc4OWFiY2Q' };
const RETIRING: VerifierKey = { kid: 'key_retiring', status: 'retiring', secret: 'UmV0aXJpbmdLZXlfYWJjZGVmZ2hpamtsbW5vcHFyc3Q' };
const REVOKED: VerifierKey = { kid: 'key_revoked', status: 'revoked', secret: 'UmV2b2tlZEtleV9BQkNERUZHSElKS0xNTk9QUVJTVFU' };

/** The seed catalog, plus custom fields for the types the seed does not use. */
const TICKET_FIELDS: VerifierField[] = [
  ...SEED_TICKET_FIELDS,
  { name: 'cf_seats', type: 'number' },
  { name: 'cf_vip', type: 'checkbox' },
  { name: 'cf_renewal', type: 'date' },
];

function context(overrides: Partial<VerifyContext> = {}): VerifyContext {
  return {
    keys: [ACTIVE, RETIRING, REVOKED],
    policy: { clockLeewaySeconds: LEEWAY, maxTokenLifetimeSeconds: MAX_LIFETIME },
    catalog: { ticketFields: TICKET_FIELDS, contactFields: SEED_CONTACT_FIELDS },
    nowSeconds: NOW,
    ...overrides,
  };
}

function base64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

interface SignOptions {
  header?: Record<string, unknown>;
  key?: string | Buffer;
}

/** An HS256 JWS over exactly these header and claims (no library in between to "fix" them). */
function sign(claims: unknown, { header = { alg: 'HS256', typ: 'JWT' }, key = ACTIVE.secret }: SignOptions = {}): string {
  const signingInput = `${base64url(header)}.${base64url(claims)}`;
  return `${signingInput}.${createHmac('sha256', key).update(signingInput).digest('base64url')}`;
}

function claims(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { email: 'jo@example.com', exp: NOW + 600, ...extra };
}

/** Every case runs through both verifiers, node:crypto (sync) and WebCrypto (async); they must agree. */
async function verify(token: string | null | undefined, ctx: VerifyContext = context()): Promise<VerifyResult> {
  const sync = verifyTokenSync(token, ctx, hmacVerify);
  const async = await verifyTokenAsync(token, ctx, hmacVerifyWebCrypto);
  expect(async).toEqual(sync);
  return sync;
}

async function accepted(token: string, ctx?: VerifyContext): Promise<VerifiedToken> {
  const result = await verify(token, ctx);
  if (!result.ok) throw new Error(`expected the token to verify, got ${result.code}: ${result.message} ${result.hint}`);
  return result;
}

async function rejected(token: string | null | undefined, code: RejectionCode, ctx?: VerifyContext): Promise<RejectedToken> {
  const result = await verify(token, ctx);
  if (result.ok) throw new Error(`expected ${code}, but the token verified`);
  expect(result.code).toBe(code);
  expect(result.message.startsWith(REJECTION_MESSAGES[code])).toBe(true);
  expect(result.hint).not.toBe('');
  return result;
}

describe('one case per rejection code', () => {
  const cases: { code: RejectionCode; it: string; token: () => string | null | undefined; hint: string | RegExp }[] = [
    { code: 'TOKEN_MISSING', it: 'no token at all', token: () => undefined, hint: REJECTION_HINTS.TOKEN_MISSING },
    { code: 'TOKEN_TOO_LARGE', it: 'a token over 8 KiB', token: () => sign(claims({ note: 'x'.repeat(MAX_TOKEN_BYTES) })), hint: /limit is 8192 bytes/ },
    { code: 'TOKEN_MALFORMED', it: 'two parts instead of three', token: () => 'eyJhbGciOiJIUzI1NiJ9.e30', hint: /exactly three/ },
    { code: 'ALG_NOT_ALLOWED', it: 'alg none', token: () => `${base64url({ alg: 'none' })}.${base64url(claims())}.`, hint: /unsigned tokens are never accepted/ },
    { code: 'KEY_UNKNOWN', it: 'a kid the account does not have', token: () => sign(claims(), { header: { alg: 'HS256', kid: 'key_other' } }), hint: /unknown to this account/ },
    { code: 'SIGNATURE_INVALID', it: 'a wrong secret', token: () => sign(claims(), { key: 'not-the-secret' }), hint: REJECTION_HINTS.SIGNATURE_INVALID },
    { code: 'TOKEN_EXPIRED', it: 'exp an hour ago', token: () => sign(claims({ exp: NOW - 3600 })), hint: /expired 3600 s ago/ },
    { code: 'TOKEN_NOT_YET_VALID', it: 'nbf an hour ahead', token: () => sign(claims({ nbf: NOW + 3600 })), hint: /nbf is 3600 s in the future/ },
    { code: 'EXP_MISSING', it: 'no exp', token: () => sign({ email: 'jo@example.com' }), hint: REJECTION_HINTS.EXP_MISSING },
    { code: 'LIFETIME_TOO_LONG', it: 'exp two days ahead', token: () => sign(claims({ exp: NOW + 2 * 86_400 })), hint: /at most 86400 s/ },
    { code: 'IDENTITY_MISSING', it: 'no email and no unique_external_id', token: () => sign({ exp: NOW + 600 }), hint: REJECTION_HINTS.IDENTITY_MISSING },
    { code: 'IDENTITY_CONFLICT', it: 'both identities', token: () => sign(claims({ unique_external_id: 'u-1' })), hint: REJECTION_HINTS.IDENTITY_CONFLICT },
    { code: 'EMAIL_INVALID', it: 'an email without a domain', token: () => sign(claims({ email: 'jo@' })), hint: REJECTION_HINTS.EMAIL_INVALID },
    { code: 'CLAIM_INVALID', it: 'unique_external_id as a number', token: () => sign({ unique_external_id: 42, exp: NOW + 600 }), hint: /as a string, e\.g\. "42"/ },
  ];

  it('covers every code in the shared enum', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(REJECTION_CODES));
  });

  it.each(cases)('refuses $it with $code', async ({ code, token, hint }) => {
    const result = await rejected(token(), code);
    if (typeof hint === 'string') expect(result.hint).toBe(hint);
    else expect(result.hint).toMatch(hint);
  });
});

describe('a valid token', () => {
  it('verifies with the active key and reports identity, properties and the decoded parts', async () => {
    const payload = claims({ contactProperties: { name: 'Jo Doe', language: 'en' }, ticketProperties: { priority: 3, cf_plan: 'Pro' } });
    const result = await accepted(sign(payload));
    expect(result).toEqual({
      ok: true,
      kid: ACTIVE.kid,
      identity: { email: 'jo@example.com' },
      contactProperties: { name: 'Jo Doe', language: 'en' },
      ticketProperties: { priority: 3, cf_plan: 'Pro' },
      dropped: [],
      header: { alg: 'HS256', typ: 'JWT' },
      payload,
    });
  });

  it('treats a claim or a catalog field named ok as data, never as the result flag', async () => {
    const ctx = context({ catalog: { ticketFields: TICKET_FIELDS, contactFields: [{ name: 'ok', type: 'checkbox' }] } });
    const result = await accepted(sign(claims({ ok: false, code: 'TOKEN_EXPIRED', contactProperties: { ok: false } })), ctx);
    expect(result.contactProperties).toEqual({ ok: false });
  });

  it('takes the key as the UTF-8 bytes of the secret string, not its base64url decoding (SPEC §2)', async () => {
    const unicode: VerifierKey = { kid: 'key_unicode', status: 'active', secret: 'pässwörd-🔑-secret' };
    const ctx = context({ keys: [unicode] });
    await accepted(sign(claims(), { key: Buffer.from(unicode.secret, 'utf8') }), ctx);
    await rejected(sign(claims(), { key: Buffer.from(ACTIVE.secret, 'base64url') }), 'SIGNATURE_INVALID');
  });
});

describe('which code wins (SPEC §5: size, structure, header, key and signature, then claims)', () => {
  it('checks size before anything is decoded', async () => {
    await rejected('!'.repeat(MAX_TOKEN_BYTES + 1), 'TOKEN_TOO_LARGE');
  });

  it('counts the size in UTF-8 bytes, up to exactly 8192', async () => {
    const euro = '€'.repeat(2730); // 8190 bytes in 2730 characters
    await rejected(`${euro}aa`, 'TOKEN_MALFORMED');
    await rejected(`${euro}aaa`, 'TOKEN_TOO_LARGE');
    await rejected('a'.repeat(MAX_TOKEN_BYTES), 'TOKEN_MALFORMED');
    await rejected('a'.repeat(MAX_TOKEN_BYTES + 1), 'TOKEN_TOO_LARGE');
  });

  it('accepts a valid token just under the limit', async () => {
    let token = '';
    for (let pad = 5900; token.length <= MAX_TOKEN_BYTES; pad++) {
      const candidate = sign(claims({ note: 'x'.repeat(pad) }));
      if (candidate.length > MAX_TOKEN_BYTES) break;
      token = candidate;
    }
    expect(token.length).toBeGreaterThan(MAX_TOKEN_BYTES - 4);
    await accepted(token);
  });

  it('answers TOKEN_MALFORMED for a payload that is not a JSON object, even with alg none', async () => {
    await rejected(`${base64url({ alg: 'none' })}.${base64url('[1,2]')}.`, 'TOKEN_MALFORMED');
  });

  it('answers ALG_NOT_ALLOWED before looking at crit', async () => {
    await rejected(`${base64url({ alg: 'none', crit: ['b64'], b64: false })}.${base64url(claims())}.`, 'ALG_NOT_ALLOWED');
  });

  it('answers TOKEN_MALFORMED for crit before checking the signature', async () => {
    await rejected(sign(claims(), { header: { alg: 'HS256', crit: ['exp'] }, key: 'wrong' }), 'TOKEN_MALFORMED');
  });

  it('answers ALG_NOT_ALLOWED before looking up the kid', async () => {
    await rejected(sign(claims(), { header: { alg: 'RS256', kid: 'key_other' } }), 'ALG_NOT_ALLOWED');
  });

  it('answers KEY_UNKNOWN for an unknown kid before checking the signature', async () => {
    await rejected(sign(claims(), { header: { alg: 'HS256', kid: 'key_other' }, key: 'wrong' }), 'KEY_UNKNOWN');
  });

  it('answers SIGNATURE_INVALID before reading any claim', async () => {
    await rejected(sign({ exp: 'tomorrow', unique_external_id: 7 }, { key: 'wrong' }), 'SIGNATURE_INVALID');
  });

  it('answers LIFETIME_TOO_LONG for exp in milliseconds, even when the identity is missing too', async () => {
    const result = await rejected(sign({ exp: NOW * 1000 }), 'LIFETIME_TOO_LONG');
    expect(result.hint).toContain('seconds, not milliseconds');
  });

  it('answers CLAIM_INVALID for a numeric unique_external_id', async () => {
    await rejected(sign({ unique_external_id: 12345, exp: NOW + 60 }), 'CLAIM_INVALID');
  });

  it.each([
    ['a NUL in unique_external_id', { unique_external_id: 'victim-\u0000' }, 'unique_external_id contains a NUL character'],
    ['a lone high surrogate in unique_external_id', { unique_external_id: 'victim-\ud800' }, 'unpaired UTF-16 surrogate'],
    ['a lone low surrogate in unique_external_id', { unique_external_id: 'victim-\udfff' }, 'unpaired UTF-16 surrogate'],
    ['a NUL in email', { email: 'jo\u0000@example.com' }, 'email contains a NUL character'],
    ['a NUL in a property value', { email: 'jo@example.com', contactProperties: { name: 'Jo\u0000' } }, 'contactProperties.name contains a NUL'],
    ['a lone surrogate in a dropped field name', { email: 'jo@example.com', ticketProperties: { 'cf_\udc00': 'x' } }, 'A field name in ticketProperties'],
  ])('answers CLAIM_INVALID for %s, never stores text PostgreSQL cannot keep', async (_, identity, detail) => {
    const result = await rejected(sign({ exp: NOW + 60, ...identity }), 'CLAIM_INVALID');
    expect(result.message).toContain(detail);
  });

  it('accepts U+FFFD and well-formed surrogate pairs as the text they are', async () => {
    const replacement = await accepted(sign({ unique_external_id: 'victim-\ufffd', exp: NOW + 60 }));
    expect(replacement.identity).toEqual({ uniqueExternalId: 'victim-\ufffd' });
    const emoji = await accepted(sign({ unique_external_id: 'victim-\ud83d\ude00', exp: NOW + 60 }));
    expect(emoji.identity).toEqual({ uniqueExternalId: 'victim-😀' });
  });

  it('checks the times before the identity', async () => {
    await rejected(sign({ email: 'jo@example.com', unique_external_id: 'u-1', exp: NOW - 3600 }), 'TOKEN_EXPIRED');
  });

  it('names the identity conflict before the type of either identity', async () => {
    await rejected(sign({ email: 5, unique_external_id: 5, exp: NOW + 60 }), 'IDENTITY_CONFLICT');
  });
});

describe('structure (RFC 7515 §7.1 compact serialization, §2 base64url)', () => {
  const header = base64url({ alg: 'HS256' });
  const payload = base64url(claims());

  it.each([
    ['an empty string', ''],
    ['null', null],
  ])('treats %s as no token', async (_name, token) => {
    await rejected(token, 'TOKEN_MISSING');
  });

  it.each([
    ['one part', 'abc', /has 1 part /],
    ['four parts', `${sign(claims())}.x`, /has 4 parts/],
    ['five parts (a JWE)', 'a.b.c.d.e', /encrypted JWT/],
    ['a Bearer prefix', `Bearer ${sign(claims())}`, /without the 'Bearer ' prefix/],
    ['padding', `${header}=.${payload}.sig`, /padding/],
    ['base64 + and /', `${header}.${payload}.ab+/`, /'\+' or '\/'/],
    ['a space inside a part', `${header}.${payload.slice(0, 4)} ${payload.slice(4)}.sig`, /spaces or line breaks/],
    ['a line break at the end', `${sign(claims())}\n`, /spaces or line breaks/],
    ['a character outside base64url', `${header}.${payload}.sig?`, /not base64url/],
    ['a header that is not JSON', `${base64url('alg=HS256')}.${payload}.sig`, /JSON object such as/],
    ['a header that is a JSON array', `${base64url('["HS256"]')}.${payload}.sig`, /JSON object such as/],
    ['an empty header', `.${payload}.sig`, /JSON object such as/],
  ])('refuses %s as TOKEN_MALFORMED', async (_name, token, hint) => {
    const result = await rejected(token, 'TOKEN_MALFORMED');
    expect(result.hint).toMatch(hint);
  });

  it('carries the decoded header when a later part is not base64url', async () => {
    const result = await rejected(`${header}.${payload}.sig?`, 'TOKEN_MALFORMED');
    expect(result.header).toEqual({ alg: 'HS256' });
    expect(result.payload).toBeUndefined();
  });

  it('refuses a non-canonical base64url part (unused bits set, RFC 4648 §3.5)', async () => {
    const token = sign(claims());
    const last = token.at(-1) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 43 characters carry 258 bits for 256: the last character's low two bits must be zero.
    const sibling = alphabet.charAt(alphabet.indexOf(last) | 1);
    await rejected(token.slice(0, -1) + sibling, 'TOKEN_MALFORMED');
  });

  it.each([
    ['a JSON array', '[]'],
    ['a JSON string', '"jo@example.com"'],
    ['a number', '42'],
    ['null', 'null'],
    ['not JSON', 'email=jo@example.com'],
    ['empty', ''],
  ])('refuses a payload that is %s as TOKEN_MALFORMED', async (_name, json) => {
    const result = await rejected(sign(json), 'TOKEN_MALFORMED');
    expect(result.hint).toMatch(/JSON object of claims/);
    expect(result.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(result.payload).toBeUndefined();
  });

  it('refuses a payload that is not UTF-8', async () => {
    const signingInput = `${base64url({ alg: 'HS256' })}.${Buffer.from([0x7b, 0xff, 0x7d]).toString('base64url')}`;
    const token = `${signingInput}.${createHmac('sha256', ACTIVE.secret).update(signingInput).digest('base64url')}`;
    await rejected(token, 'TOKEN_MALFORMED');
  });

  it('reads UTF-8 claims', async () => {
    const result = await accepted(sign(claims({ contactProperties: { name: 'Zoë Ångström 山田' } })));
    expect(result.contactProperties).toEqual({ name: 'Zoë Ångström 山田' });
  });

  it('keeps the last of duplicate member names (RFC 7515 §5.2 step 4)', async () => {
    const result = await accepted(sign('{"email":"first@example.com","email":"last@example.com","exp":1750000600}'));
    expect(result.identity).toEqual({ email: 'last@example.com' });
  });

  it.each([
    ['empty', ''],
    ['truncated to 16 bytes', 'A'.repeat(22)],
  ])('refuses a signature that is %s as SIGNATURE_INVALID, saying HS256 gives 32 bytes', async (_name, signature) => {
    const token = sign(claims()).replace(/[^.]*$/, signature);
    const result = await rejected(token, 'SIGNATURE_INVALID');
    expect(result.message).toMatch(/HS256 gives 32/);
  });

  it('refuses a string that is not a token at all, throwing nothing', async () => {
    await rejected('hello world', 'TOKEN_MALFORMED');
  });

  it('treats a non-string token as a programming error (TypeError), not a token error', async () => {
    const notAString = 42 as unknown as string;
    expect(() => verifyTokenSync(notAString, context(), hmacVerify)).toThrow(TypeError);
    await expect(verifyTokenAsync(notAString, context(), hmacVerifyWebCrypto)).rejects.toThrow(TypeError);
  });
});

describe('header (RFC 7515 §4.1)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each([
    ['none', /alg "none": unsigned tokens are never accepted/],
    ['None', /unsigned tokens are never accepted/],
    ['HS512', /alg "HS512"; sign with HS256/],
    ['RS256', /alg "RS256"; sign with HS256/],
    ['hs256', /alg is case-sensitive: write "HS256"/],
  ])('refuses alg %s as ALG_NOT_ALLOWED', async (alg, hint) => {
    const result = await rejected(sign(claims(), { header: { alg } }), 'ALG_NOT_ALLOWED');
    expect(result.hint).toMatch(hint);
    expect(result.header).toEqual({ alg });
  });

  it('refuses a header without alg as ALG_NOT_ALLOWED', async () => {
    const result = await rejected(sign(claims(), { header: { typ: 'JWT' } }), 'ALG_NOT_ALLOWED');
    expect(result.hint).toMatch(/no alg/);
  });

  it.each(['JWT', 'jwt', 'application/jwt', 'Application/JWT'])('accepts typ %s (RFC 7515 §4.1.9, case-insensitive)', async (typ) => {
    await accepted(sign(claims(), { header: { alg: 'HS256', typ } }));
  });

  it.each([['JWS'], ['at+jwt'], [5], [null]])('refuses typ %s as TOKEN_MALFORMED', async (typ) => {
    const result = await rejected(sign(claims(), { header: { alg: 'HS256', typ } }), 'TOKEN_MALFORMED');
    expect(result.hint).toMatch(/set it to "JWT"/);
  });

  it.each([[['exp']], [[]], [['b64']], ['b64']])('refuses any crit (%j): no extension is understood (RFC 7515 §4.1.11)', async (crit) => {
    const result = await rejected(sign(claims(), { header: { alg: 'HS256', crit, b64: false } }), 'TOKEN_MALFORMED');
    expect(result.hint).toMatch(/Leave crit out/);
  });

  it('refuses a kid that is not a string as TOKEN_MALFORMED', async () => {
    const result = await rejected(sign(claims(), { header: { alg: 'HS256', kid: 1 } }), 'TOKEN_MALFORMED');
    expect(result.hint).toMatch(/kid must be a string/);
  });

  it('ignores jku, x5u, jwk and x5c and fetches nothing', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const header = {
      alg: 'HS256',
      jku: 'https://attacker.example/jwks.json',
      x5u: 'https://attacker.example/cert.pem',
      jwk: { kty: 'oct', k: 'YXR0YWNrZXI' },
      x5c: ['MIIB'],
    };
    await accepted(sign(claims(), { header }));
    await rejected(sign(claims(), { header, key: 'YXR0YWNrZXI' }), 'SIGNATURE_INVALID');
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe('key selection (kid, rotation, revocation)', () => {
  it('tries the active key first when there is no kid', async () => {
    expect((await accepted(sign(claims()))).kid).toBe(ACTIVE.kid);
  });

  it('falls back to the retiring key when there is no kid', async () => {
    expect((await accepted(sign(claims(), { key: RETIRING.secret }))).kid).toBe(RETIRING.kid);
  });

  it('tries the active key before the retiring one whatever their order in the context', async () => {
    const ctx = context({ keys: [REVOKED, RETIRING, ACTIVE] });
    expect((await accepted(sign(claims()), ctx)).kid).toBe(ACTIVE.kid);
  });

  it('verifies with the key a kid names, active or retiring', async () => {
    expect((await accepted(sign(claims(), { header: { alg: 'HS256', kid: ACTIVE.kid } }))).kid).toBe(ACTIVE.kid);
    const retiring = sign(claims(), { header: { alg: 'HS256', kid: RETIRING.kid }, key: RETIRING.secret });
    expect((await accepted(retiring)).kid).toBe(RETIRING.kid);
  });

  it('uses only the key a kid names: the right secret under the wrong kid is SIGNATURE_INVALID', async () => {
    const token = sign(claims(), { header: { alg: 'HS256', kid: ACTIVE.kid }, key: RETIRING.secret });
    const result = await rejected(token, 'SIGNATURE_INVALID');
    expect(result.hint).toMatch(/secret of key key_active/);
  });

  it('refuses a kid naming a revoked key, saying it is revoked', async () => {
    const token = sign(claims(), { header: { alg: 'HS256', kid: REVOKED.kid }, key: REVOKED.secret });
    const result = await rejected(token, 'KEY_UNKNOWN');
    expect(result.hint).toBe('kid "key_revoked" names a revoked key. Sign with the active key (kid "key_active"), or leave out kid.');
  });

  it("refuses a kid unknown to the account, saying it may be another account's key or a typo", async () => {
    const result = await rejected(sign(claims(), { header: { alg: 'HS256', kid: 'key_actve' } }), 'KEY_UNKNOWN');
    expect(result.hint).toBe(
      `kid "key_actve" is unknown to this account: it may be another account's key, or a typo. Sign with the active key (kid "key_active"), or leave out kid.`,
    );
  });

  it('refuses a token without kid signed with a revoked key, naming that key', async () => {
    const result = await rejected(sign(claims(), { key: REVOKED.secret }), 'KEY_UNKNOWN');
    expect(result.hint).toContain('signed with revoked key key_revoked');
  });

  it('answers SIGNATURE_INVALID when no key of the account, revoked ones included, made the signature', async () => {
    const result = await rejected(sign(claims(), { key: 'someone-elses-secret' }), 'SIGNATURE_INVALID');
    expect(result.hint).toBe(REJECTION_HINTS.SIGNATURE_INVALID);
  });

  it('answers KEY_UNKNOWN when the account has no usable key', async () => {
    const result = await rejected(sign(claims()), 'KEY_UNKNOWN', context({ keys: [REVOKED] }));
    expect(result.hint).toMatch(/Generate a signing key/);
  });
});

describe('exp (RFC 7519 §4.1.4) and the lifetime cap, with leeway', () => {
  it('refuses exp + leeway == now, and accepts one second earlier', async () => {
    await rejected(sign(claims({ exp: NOW - LEEWAY })), 'TOKEN_EXPIRED');
    await accepted(sign(claims({ exp: NOW - LEEWAY + 1 })));
  });

  it('with no leeway, refuses exp == now and accepts exp == now + 1', async () => {
    const ctx = context({ policy: { clockLeewaySeconds: 0, maxTokenLifetimeSeconds: MAX_LIFETIME } });
    await rejected(sign(claims({ exp: NOW })), 'TOKEN_EXPIRED', ctx);
    await accepted(sign(claims({ exp: NOW + 1 })), ctx);
  });

  it('accepts exp exactly max lifetime + leeway ahead, and refuses one second more', async () => {
    await accepted(sign(claims({ exp: NOW + MAX_LIFETIME + LEEWAY })));
    const result = await rejected(sign(claims({ exp: NOW + MAX_LIFETIME + LEEWAY + 1 })), 'LIFETIME_TOO_LONG');
    expect(result.hint).toMatch(/at most 86400 s after now/);
  });

  it('accepts a fractional NumericDate (RFC 7519 §2)', async () => {
    await accepted(sign(claims({ exp: NOW + 0.5 })));
  });

  it('reads exp in milliseconds as LIFETIME_TOO_LONG with a "seconds, not milliseconds" hint', async () => {
    const result = await rejected(sign(claims({ exp: (NOW + 600) * 1000 })), 'LIFETIME_TOO_LONG');
    expect(result.hint).toContain('seconds, not milliseconds');
    expect(result.message).toContain('looks like milliseconds');
  });

  it('does not call an exp at the millisecond threshold milliseconds', async () => {
    const result = await rejected(sign(claims({ exp: 1e11 })), 'LIFETIME_TOO_LONG');
    expect(result.hint).not.toContain('milliseconds');
  });

  it.each([
    ['a numeric string', String(NOW + 600), /without quotes/],
    ['null', null, /not as null/],
    ['an object', { seconds: NOW }, /number of seconds since 1970/],
  ])('refuses exp as %s with CLAIM_INVALID', async (_name, exp, hint) => {
    const result = await rejected(sign(claims({ exp })), 'CLAIM_INVALID');
    expect(result.hint).toMatch(hint);
  });

  it('refuses an exp that overflows to Infinity as CLAIM_INVALID', async () => {
    await rejected(sign('{"email":"jo@example.com","exp":1e400}'), 'CLAIM_INVALID');
  });

  it('carries the decoded header and payload with a claims rejection', async () => {
    const payload = claims({ exp: NOW - 3600 });
    const result = await rejected(sign(payload), 'TOKEN_EXPIRED');
    expect(result.header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(result.payload).toEqual(payload);
  });

  it('describes an absurd past exp without throwing', async () => {
    const result = await rejected(sign(claims({ exp: -1e300 })), 'TOKEN_EXPIRED');
    expect(result.message).toContain('-1e+300');
  });
});

describe('nbf (RFC 7519 §4.1.5) and iat (§4.1.6), with leeway', () => {
  it.each(['nbf', 'iat'])('accepts %s == now + leeway and refuses one second later', async (name) => {
    await accepted(sign(claims({ [name]: NOW + LEEWAY })));
    const result = await rejected(sign(claims({ [name]: NOW + LEEWAY + 1 })), 'TOKEN_NOT_YET_VALID');
    expect(result.hint).toContain(`${name} is ${LEEWAY + 1} s in the future`);
  });

  it.each(['nbf', 'iat'])('with no leeway, accepts %s == now and refuses now + 1', async (name) => {
    const ctx = context({ policy: { clockLeewaySeconds: 0, maxTokenLifetimeSeconds: MAX_LIFETIME } });
    await accepted(sign(claims({ [name]: NOW })), ctx);
    await rejected(sign(claims({ [name]: NOW + 1 })), 'TOKEN_NOT_YET_VALID', ctx);
  });

  it('accepts nbf and iat in the past', async () => {
    await accepted(sign(claims({ nbf: NOW - 3600, iat: NOW - 3600 })));
  });

  it('says "seconds, not milliseconds" for iat in milliseconds', async () => {
    const result = await rejected(sign(claims({ iat: NOW * 1000 })), 'TOKEN_NOT_YET_VALID');
    expect(result.hint).toContain('seconds, not milliseconds');
  });

  it.each([
    ['nbf', 'soon'],
    ['iat', true],
    ['nbf', null],
  ])('refuses %s = %j with CLAIM_INVALID', async (name, value) => {
    const result = await rejected(sign(claims({ [name]: value })), 'CLAIM_INVALID');
    expect(result.message).toContain(name);
  });
});

describe('identity (SPEC §2: exactly one of email and unique_external_id)', () => {
  it('lower-cases the email, which is compared case-insensitively', async () => {
    const result = await accepted(sign(claims({ email: 'Jo.Doe@Example.COM' })));
    expect(result.identity).toEqual({ email: 'jo.doe@example.com' });
  });

  it('accepts unique_external_id as a string', async () => {
    const result = await accepted(sign({ unique_external_id: 'cust-0042', exp: NOW + 600 }));
    expect(result.identity).toEqual({ uniqueExternalId: 'cust-0042' });
  });

  it.each(['not-an-email', 'jo@example', 'jo @example.com', ''])('refuses email %j as EMAIL_INVALID', async (email) => {
    await rejected(sign(claims({ email })), 'EMAIL_INVALID');
  });

  it('refuses an email that is not a string, saying to send a string', async () => {
    const result = await rejected(sign(claims({ email: ['jo@example.com'] })), 'EMAIL_INVALID');
    expect(result.hint).toMatch(/as a string like name@example\.com, not as an array/);
  });

  it('refuses an empty unique_external_id as CLAIM_INVALID', async () => {
    const result = await rejected(sign({ unique_external_id: '', exp: NOW + 600 }), 'CLAIM_INVALID');
    expect(result.hint).toMatch(/non-empty string/);
  });

  it('counts a null identity claim as sent (JSON null is a value)', async () => {
    await rejected(sign({ email: null, unique_external_id: 'u-1', exp: NOW + 600 }), 'IDENTITY_CONFLICT');
  });
});

describe('contactProperties and ticketProperties (SPEC §2)', () => {
  it('are empty when absent', async () => {
    const result = await accepted(sign(claims()));
    expect(result.contactProperties).toEqual({});
    expect(result.ticketProperties).toEqual({});
    expect(result.dropped).toEqual([]);
  });

  it.each([
    ['an array', [{ name: 'Jo' }]],
    ['a string', 'name=Jo'],
    ['null', null],
  ])('refuses contactProperties as %s with CLAIM_INVALID', async (_name, value) => {
    const result = await rejected(sign(claims({ contactProperties: value })), 'CLAIM_INVALID');
    expect(result.hint).toMatch(/contactProperties as a JSON object/);
  });

  it('refuses ticketProperties that is not an object', async () => {
    const result = await rejected(sign(claims({ ticketProperties: 3 })), 'CLAIM_INVALID');
    expect(result.hint).toMatch(/ticketProperties as a JSON object/);
  });

  it('drops fields the catalog does not know and lists them', async () => {
    const result = await accepted(
      sign(
        claims({
          contactProperties: { name: 'Jo', favourite_colour: 'teal', priority: 2 },
          ticketProperties: { subject: 'Refund', cf_unknown: true },
        }),
      ),
    );
    expect(result.contactProperties).toEqual({ name: 'Jo' });
    expect(result.ticketProperties).toEqual({ subject: 'Refund' });
    expect(result.dropped).toEqual([
      { entity: 'contact', name: 'favourite_colour' },
      { entity: 'contact', name: 'priority' },
      { entity: 'ticket', name: 'cf_unknown' },
    ]);
  });

  it('drops a __proto__ member without touching any prototype', async () => {
    const result = await accepted(sign('{"email":"jo@example.com","exp":1750000600,"contactProperties":{"__proto__":{"polluted":true},"name":"Jo"}}'));
    expect(result.contactProperties).toEqual({ name: 'Jo' });
    expect(Object.getPrototypeOf(result.contactProperties)).toBe(Object.prototype);
    expect(result.dropped).toEqual([{ entity: 'contact', name: '__proto__' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  type Side = 'contactProperties' | 'ticketProperties';
  const byType: { type: string; side: Side; field: string; good: unknown[]; bad: unknown[]; hint?: RegExp }[] = [
    { type: 'text', side: 'contactProperties', field: 'name', good: ['Jo', '', 'x'.repeat(255)], bad: [5, 'x'.repeat(256), null] },
    { type: 'paragraph', side: 'ticketProperties', field: 'description', good: ['Line one\nLine two'], bad: [['a'], false] },
    { type: 'number', side: 'ticketProperties', field: 'cf_seats', good: [0, -3, 12.5], bad: ['12', true], hint: /number/ },
    { type: 'priority', side: 'ticketProperties', field: 'priority', good: [1, 2, 3, 4], bad: [0, 5, 2.5, '2', null], hint: /1 \(low\) to 4 \(urgent\)/ },
    { type: 'dropdown', side: 'ticketProperties', field: 'cf_plan', good: ['Free', 'Enterprise'], bad: ['pro', 'Gold', 1], hint: /Free, Growth, Pro, Enterprise/ },
    { type: 'email', side: 'contactProperties', field: 'email', good: ['jo@example.com'], bad: ['jo', 'jo@', 7], hint: /email address/ },
    { type: 'phone', side: 'contactProperties', field: 'mobile', good: ['+1 (555) 010-0100'], bad: [5550100, 'call me', '+1'.repeat(20)], hint: /phone number/ },
    { type: 'language', side: 'contactProperties', field: 'language', good: ['en', 'de', 'zh'], bad: ['EN', 'en-US', 'eng', 'xx', 44], hint: /ISO 639-1/ },
    { type: 'checkbox', side: 'ticketProperties', field: 'cf_vip', good: [true, false], bad: ['true', 1, null], hint: /true or false/ },
    { type: 'date', side: 'ticketProperties', field: 'cf_renewal', good: ['2025-06-30', '2024-02-29'], bad: ['30/06/2025', '2025-13-01', '2025-06-30T10:00:00Z', 20250630], hint: /YYYY-MM-DD/ },
  ];

  describe.each(byType)('a $type field: $field in $side', ({ side, field, good, bad, hint }) => {
    it.each(good.map((value) => [value]))('accepts %j', async (value) => {
      const result = await accepted(sign(claims({ [side]: { [field]: value } })));
      expect(result[side]).toEqual({ [field]: value });
    });

    it.each(bad.map((value) => [value]))('refuses %j with CLAIM_INVALID naming the field', async (value) => {
      const result = await rejected(sign(claims({ [side]: { [field]: value } })), 'CLAIM_INVALID');
      expect(result.message).toContain(`${side}.${field} must be`);
      expect(result.hint).toContain(`${side}.${field}`);
      if (hint) expect(result.hint).toMatch(hint);
    });
  });

  it.each([
    ['EN', '"en", not "EN"'],
    ['en-US', '"en", not "en-US"'],
    ['de_CH', '"de", not "de_CH"'],
  ])('suggests the plain code for language %j', async (language, suggestion) => {
    const result = await rejected(sign(claims({ contactProperties: { language } })), 'CLAIM_INVALID');
    expect(result.hint).toContain(suggestion);
  });

  it('says "without quotes" for a priority sent as a string', async () => {
    const result = await rejected(sign(claims({ ticketProperties: { priority: '2' } })), 'CLAIM_INVALID');
    expect(result.hint).toMatch(/without quotes/);
  });
});
