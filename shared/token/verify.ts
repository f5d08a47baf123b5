/**
 * The one token verifier (SPEC §2): chat start runs it on the server with node:crypto, the
 * console's token tester runs it in the browser with WebCrypto. Pure: no I/O, no clock (`now`
 * comes in the context), no node: imports.
 *
 * Verification is a chain of small steps, in the precedence SPEC §5 gives when a token has
 * several faults: presence, size, structure (both JSON parts), header, key selection, signature,
 * then the claims. The sync and async verifiers share every step; only the HMAC call differs.
 */
import { fieldValueProblem } from '../domain/field-values.ts';
import { MAX_TOKEN_BYTES, REJECTION_HINTS, REJECTION_MESSAGES, type RejectionCode } from './codes.ts';
import type {
  DroppedField,
  HmacKeyBytesVerifySync,
  HmacVerifyAsync,
  HmacVerifySync,
  Identity,
  RejectedToken,
  VerifiedToken,
  VerifierField,
  VerifierKey,
  VerifierPolicy,
  VerifyContext,
  VerifyResult,
} from './verify-types.ts';

type JsonObject = Record<string, unknown>;

/** RFC 7518 §3.2: an HS256 signature is the full 32-byte HMAC-SHA256 output, never truncated. */
const HS256_SIGNATURE_BYTES = 32;

/** An `exp` this large (year 5138 in seconds) is a millisecond timestamp sent by mistake. */
const MILLISECONDS_THRESHOLD = 1e11;

interface RejectOptions {
  /** A sentence appended to the code's message, naming what exactly is wrong. */
  detail?: string;
  /** Replaces the code's default hint when the verifier can tell the precise fix. */
  hint?: string;
}

function reject(code: RejectionCode, { detail, hint }: RejectOptions = {}): RejectedToken {
  const message = REJECTION_MESSAGES[code];
  return { ok: false, code, message: detail ? `${message} ${detail}` : message, hint: hint ?? REJECTION_HINTS[code] };
}

/** The rejection, carrying what was decoded before it (the tester shows it). */
function withDecoded(rejection: RejectedToken, header: JsonObject, payload?: JsonObject): RejectedToken {
  return payload ? { ...rejection, header, payload } : { ...rejection, header };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : String(JSON.stringify(value));
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

// ---------------------------------------------------------------------------------------------
// Presence and size

/** Step 1: a token must be sent at all. A non-string is API misuse, a TypeError (not a token error). */
export function presentToken(token: string | null | undefined): string | RejectedToken {
  if (token === null || token === undefined || token === '') return reject('TOKEN_MISSING');
  if (typeof token !== 'string') throw new TypeError('The token must be a string, null or undefined');
  return token;
}

/** The UTF-8 length of a string without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Step 2 (SPEC §2): over MAX_TOKEN_BYTES (as UTF-8) is refused before any decoding. */
export function checkSize(token: string): RejectedToken | undefined {
  // Every UTF-16 unit is one to three UTF-8 bytes, so the length alone usually decides.
  if (token.length * 3 <= MAX_TOKEN_BYTES) return undefined;
  const bytes = token.length > MAX_TOKEN_BYTES ? token.length : utf8Length(token);
  if (bytes <= MAX_TOKEN_BYTES) return undefined;
  const detail = token.length > MAX_TOKEN_BYTES ? `It is at least ${bytes} bytes long.` : `It is ${bytes} bytes long.`;
  return reject('TOKEN_TOO_LARGE', { detail, hint: `The limit is ${MAX_TOKEN_BYTES} bytes. ${REJECTION_HINTS.TOKEN_TOO_LARGE}` });
}

// ---------------------------------------------------------------------------------------------
// Structure: RFC 7515 §7.1 compact serialization, RFC 7515 §2 base64url

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const BASE64URL_CHARS = /^[A-Za-z0-9_-]*$/;
/** A byte over 0x7f in a binary string: only then is UTF-8 decoding needed. */
const NON_ASCII_BYTE = /[\u0080-\u00ff]/;

/**
 * Strict base64url (RFC 7515 §2, RFC 4648 §5) to a binary string (one char per byte): only
 * `A–Z a–z 0–9 - _`, no padding, no whitespace, and (RFC 4648 §3.5) the unused bits of the
 * last character zero, so every byte string has exactly one encoding. Else `undefined`.
 */
function decodeBase64UrlBinary(segment: string): string | undefined {
  const tail = segment.length % 4;
  if (tail === 1 || !BASE64URL_CHARS.test(segment)) return undefined;
  if (tail !== 0) {
    const unusedBits = tail === 2 ? 0x0f : 0x03;
    if ((BASE64URL_ALPHABET.indexOf(segment.charAt(segment.length - 1)) & unusedBits) !== 0) return undefined;
  }
  // atob is the forgiving base64 decoder; the checks above leave it nothing to forgive.
  return atob(segment.replaceAll('-', '+').replaceAll('_', '/'));
}

function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** decodeBase64UrlBinary, as bytes. */
export function decodeBase64Url(segment: string): Uint8Array | undefined {
  const binary = decodeBase64UrlBinary(segment);
  return binary === undefined ? undefined : binaryToBytes(binary);
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** RFC 7515 §5.2 steps 2–3 / RFC 7519 §7.2 steps 5–9: the parts are UTF-8 text; invalid UTF-8 is `undefined`. */
function utf8Text(binary: string): string | undefined {
  if (!NON_ASCII_BYTE.test(binary)) return binary;
  try {
    return utf8Decoder.decode(binaryToBytes(binary));
  } catch {
    return undefined;
  }
}

/**
 * A JSON object, or `undefined`. JSON.parse keeps the last of duplicate member names, which
 * RFC 7515 §5.2 step 4 allows ("use a JSON parser that returns only the lexically last").
 */
function parseJsonObject(binary: string): JsonObject | undefined {
  const text = utf8Text(binary);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isJsonObject(value) ? value : undefined;
}

/** A compact JWS split and decoded; the payload still as bytes (the JWS layer does not read it). */
export interface CompactJws {
  ok: true;
  header: JsonObject;
  /** The payload's bytes as a binary string, one char per byte. */
  payloadBinary: string;
  /** ASCII(BASE64URL(header) '.' BASE64URL(payload)), the HMAC input (RFC 7515 §5.1 step 5). */
  signingInput: string;
  signature: Uint8Array;
}

type PartName = 'header' | 'payload' | 'signature';

const BEARER = /^bearer\s/i;
const BEARER_HINT = "Send the token alone, without the 'Bearer ' prefix.";

function notBase64Url(part: PartName, segment: string): RejectedToken {
  const where = `The ${part} part`;
  if (part === 'header' && BEARER.test(segment)) return reject('TOKEN_MALFORMED', { detail: `${where} is not base64url.`, hint: BEARER_HINT });
  let hint = `${where} is not base64url: only letters, digits, '-' and '_' may appear, without padding (RFC 7515 §2).`;
  if (/\s/.test(segment)) hint = `${where} contains spaces or line breaks; send the token exactly as your library produced it, on one line.`;
  else if (segment.includes('=')) hint = `${where} ends in '=' padding; JWT parts are base64url without padding (RFC 7515 §2).`;
  else if (/[+/]/.test(segment)) hint = `${where} uses base64 '+' or '/'; JWT parts use base64url ('-' and '_') without padding (RFC 7515 §2).`;
  return reject('TOKEN_MALFORMED', { detail: `${where} is not base64url.`, hint });
}

function partCountHint(token: string, count: number): string {
  if (BEARER.test(token)) return BEARER_HINT;
  if (count === 5) return 'This looks like an encrypted JWT (JWE, five parts); sign the token with HS256 instead of encrypting it.';
  return `The token has ${count} part${count === 1 ? '' : 's'} separated by dots; a compact JWT has exactly three: header.payload.signature.`;
}

/**
 * Step 3 (RFC 7515 §7.1, §5.2 steps 1–4): exactly three dot-separated parts, each strict
 * base64url, the header a UTF-8 JSON object. The payload is decoded to bytes only.
 */
export function parseCompact(token: string): CompactJws | RejectedToken {
  const parts = token.split('.');
  if (parts.length !== 3) return reject('TOKEN_MALFORMED', { hint: partCountHint(token, parts.length) });
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const headerBinary = decodeBase64UrlBinary(headerPart);
  if (headerBinary === undefined) return notBase64Url('header', headerPart);
  const header = parseJsonObject(headerBinary);
  if (!header) {
    return reject('TOKEN_MALFORMED', {
      detail: 'The header is not a JSON object.',
      hint: 'The first part must be the base64url of a JSON object such as {"alg":"HS256","typ":"JWT"}.',
    });
  }
  const payloadBinary = decodeBase64UrlBinary(payloadPart);
  if (payloadBinary === undefined) return withDecoded(notBase64Url('payload', payloadPart), header);
  const signatureBinary = decodeBase64UrlBinary(signaturePart);
  if (signatureBinary === undefined) return withDecoded(notBase64Url('signature', signaturePart), header);
  const signingInput = `${headerPart}.${payloadPart}`;
  return { ok: true, header, payloadBinary, signingInput, signature: binaryToBytes(signatureBinary) };
}

/** Step 4 (RFC 7519 §7.2 steps 9–10): the JWT Claims Set is a JSON object. */
export function parseClaims(jws: CompactJws): { ok: true; payload: JsonObject } | RejectedToken {
  const payload = parseJsonObject(jws.payloadBinary);
  if (payload) return { ok: true, payload };
  const rejection = reject('TOKEN_MALFORMED', {
    detail: 'The payload is not a JSON object.',
    hint: 'The second part must be the base64url of a JSON object of claims, such as {"email":"jo@example.com","exp":1700000000}.',
  });
  return withDecoded(rejection, jws.header);
}

// ---------------------------------------------------------------------------------------------
// Header: RFC 7515 §4.1

function algHint(alg: unknown): string {
  if (alg === undefined) return 'The header has no alg; sign with HS256 and the secret shown in the console.';
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    return 'The header says alg "none": unsigned tokens are never accepted. Sign with HS256 and the secret shown in the console.';
  }
  if (typeof alg === 'string' && alg.toUpperCase() === 'HS256') return `alg is case-sensitive: write "HS256", not ${quote(alg)}.`;
  return `The header says alg ${quote(alg)}; sign with HS256 (HMAC with SHA-256) and the secret shown in the console.`;
}

/**
 * RFC 7515 §4.1.9: `typ` is a media type, compared case-insensitively, where a value without
 * '/' stands for "application/<value>"; RFC 7519 §5.1 names "JWT".
 */
function isJwtType(typ: string): boolean {
  const lower = typ.toLowerCase();
  return lower === 'jwt' || lower === 'application/jwt';
}

/**
 * Step 5, the header rules:
 * - `alg` (RFC 7515 §4.1.1) must be exactly "HS256"; RFC 8725 §3.1: the verifier, not the
 *   token, decides the algorithm, so `none` and every other value is ALG_NOT_ALLOWED.
 * - `typ` (RFC 7515 §4.1.9), when present, must be JWT.
 * - `crit` (RFC 7515 §4.1.11): no extension is understood here, so any `crit` is refused.
 * - `kid` (RFC 7515 §4.1.4), when present, is a string.
 * - `jku`, `x5u`, `jwk`, `x5c` (RFC 7515 §4.1.2–4.1.6) are ignored and never fetched: keys come
 *   only from the account (RFC 8725 §3.10).
 */
export function checkHeader(header: JsonObject): RejectedToken | undefined {
  if (header.alg !== 'HS256') {
    return reject('ALG_NOT_ALLOWED', { detail: `The header says alg ${header.alg === undefined ? 'nothing' : quote(header.alg)}.`, hint: algHint(header.alg) });
  }
  const { typ, crit, kid } = header;
  if (typ !== undefined && (typeof typ !== 'string' || !isJwtType(typ))) {
    return reject('TOKEN_MALFORMED', {
      detail: `The header's typ is ${quote(typ)}.`,
      hint: 'Leave typ out of the header, or set it to "JWT".',
    });
  }
  if (crit !== undefined) {
    return reject('TOKEN_MALFORMED', {
      detail: `The header marks extensions as critical (crit ${quote(crit)}), and none is supported.`,
      hint: 'Leave crit out of the header: this service understands no JWS extensions (RFC 7515 §4.1.11).',
    });
  }
  if (kid !== undefined && typeof kid !== 'string') {
    return reject('TOKEN_MALFORMED', {
      detail: `The header's kid is ${typeName(kid)}.`,
      hint: 'kid must be a string: the key id shown under Signing key. Or leave it out.',
    });
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Key selection and signature: RFC 7515 §5.2 step 8, §10.1 (key selection is the recipient's)

/** Which keys may sign this token, in the order to try them. */
export interface KeyPlan {
  ok: true;
  /** The `kid` the header named, if any. */
  kid: string | undefined;
  /** Keys that verify: the named one, or the active key then the retiring one. */
  trusted: VerifierKey[];
  /** Revoked keys, tried last only to tell "signed with a revoked key" from a wrong secret. */
  revoked: VerifierKey[];
}

const STATUS_ORDER: Record<VerifierKey['status'], number> = { active: 0, retiring: 1, revoked: 2 };

function activeKidText(keys: readonly VerifierKey[]): string {
  const active = keys.find((key) => key.status === 'active');
  return active ? `the active key (kid ${quote(active.kid)})` : 'the active key';
}

/**
 * Step 6: a `kid` must name a non-revoked key of the account (RFC 7515 §4.1.4: the hint that
 * selects the key). Without `kid`, the active key is tried, then the retiring one (rotation
 * grace window); revoked keys only sharpen the hint.
 */
export function selectKeys(kid: string | undefined, keys: readonly VerifierKey[]): KeyPlan | RejectedToken {
  if (kid !== undefined) {
    const named = keys.find((key) => key.kid === kid);
    if (!named) {
      return reject('KEY_UNKNOWN', {
        detail: `No key of this account has kid ${quote(kid)}.`,
        hint: `kid ${quote(kid)} is unknown to this account: it may be another account's key, or a typo. Sign with ${activeKidText(keys)}, or leave out kid.`,
      });
    }
    if (named.status === 'revoked') {
      return reject('KEY_UNKNOWN', {
        detail: `Key ${quote(kid)} is revoked.`,
        hint: `kid ${quote(kid)} names a revoked key. Sign with ${activeKidText(keys)}, or leave out kid.`,
      });
    }
    return { ok: true, kid, trusted: [named], revoked: [] };
  }
  const ordered = [...keys].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  return {
    ok: true,
    kid,
    trusted: ordered.filter((key) => key.status !== 'revoked'),
    revoked: ordered.filter((key) => key.status === 'revoked'),
  };
}

/** The keys whose HMAC is worth computing: none when the signature cannot be an HS256 one. */
export function signatureCandidates(plan: KeyPlan, signature: Uint8Array): VerifierKey[] {
  return signature.length === HS256_SIGNATURE_BYTES ? [...plan.trusted, ...plan.revoked] : [];
}

function wrongSignatureLength(signature: Uint8Array): RejectedToken {
  return reject('SIGNATURE_INVALID', {
    detail: `The signature is ${signature.length} bytes; HS256 gives ${HS256_SIGNATURE_BYTES}.`,
    hint: `Sign with HS256 (not truncated, not another algorithm). ${REJECTION_HINTS.SIGNATURE_INVALID}`,
  });
}

/**
 * Step 7 (RFC 7515 §5.2 step 8): the key that verified the signature, given the first
 * candidate whose HMAC matched, or why there is none.
 */
export function judgeSignature(
  plan: KeyPlan,
  signature: Uint8Array,
  signer: VerifierKey | undefined,
  keys: readonly VerifierKey[],
): { ok: true; key: VerifierKey } | RejectedToken {
  if (signer && signer.status !== 'revoked') return { ok: true, key: signer };
  if (signer) {
    return reject('KEY_UNKNOWN', {
      detail: `It was signed with revoked key ${quote(signer.kid)}.`,
      hint: `The token was signed with revoked key ${signer.kid}. Sign with ${activeKidText(keys)}.`,
    });
  }
  if (signature.length !== HS256_SIGNATURE_BYTES) return wrongSignatureLength(signature);
  if (plan.kid !== undefined) {
    return reject('SIGNATURE_INVALID', {
      detail: `It does not match key ${quote(plan.kid)}.`,
      hint: `Sign with the secret of key ${plan.kid} exactly as the console shows it (the string itself, not decoded), using HS256.`,
    });
  }
  if (plan.trusted.length === 0) {
    return reject('KEY_UNKNOWN', {
      detail: 'This account has no active signing key.',
      hint: 'Generate a signing key under Signing key, then sign with it.',
    });
  }
  return reject('SIGNATURE_INVALID');
}

// ---------------------------------------------------------------------------------------------
// Claims: RFC 7519 §4.1

function describeTime(seconds: number): string {
  const ms = seconds * 1000;
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(seconds);
}

function numericDateProblem(name: string, value: unknown): RejectedToken {
  const example = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? ` (${value}, without quotes)` : '';
  return reject('CLAIM_INVALID', {
    detail: `${name} is ${typeName(value)}, not a number.`,
    hint: `Send ${name} as a number of seconds since 1970${example}, not as ${typeName(value)}.`,
  });
}

/**
 * Step 8a, `exp` (RFC 7519 §4.1.4: required here; the current time must be before it, with
 * leeway), then the lifetime cap (SPEC §2). A NumericDate is seconds (RFC 7519 §2), so a
 * millisecond value is caught before it can pass as a date far in the future.
 */
export function checkExpiry(payload: JsonObject, policy: VerifierPolicy, nowSeconds: number): RejectedToken | undefined {
  const { exp } = payload;
  const leeway = policy.clockLeewaySeconds;
  if (exp === undefined) return reject('EXP_MISSING');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return numericDateProblem('exp', exp);
  if (exp > MILLISECONDS_THRESHOLD) {
    return reject('LIFETIME_TOO_LONG', {
      detail: `exp is ${exp}, which looks like milliseconds.`,
      hint: 'Send exp in seconds, not milliseconds: Math.floor(Date.now() / 1000) + 3600, or int(time.time()) + 3600.',
    });
  }
  if (exp + leeway <= nowSeconds) {
    return reject('TOKEN_EXPIRED', {
      detail: `It expired at ${describeTime(exp)}.`,
      hint: `The token expired ${Math.round(nowSeconds - exp)} s ago (the clock leeway is ${leeway} s). ${REJECTION_HINTS.TOKEN_EXPIRED}`,
    });
  }
  if (exp - nowSeconds > policy.maxTokenLifetimeSeconds + leeway) {
    return reject('LIFETIME_TOO_LONG', {
      detail: `exp is ${Math.round(exp - nowSeconds)} s ahead; this widget allows at most ${policy.maxTokenLifetimeSeconds} s.`,
      hint: `Set exp at most ${policy.maxTokenLifetimeSeconds} s after now (clock leeway ${leeway} s); mint a fresh token for each chat.`,
    });
  }
  return undefined;
}

/**
 * Step 8b, `nbf` (RFC 7519 §4.1.5: the current time must be after or equal to it) and `iat`
 * (RFC 7519 §4.1.6; a token issued in the future means a wrong clock): both with leeway.
 */
export function checkNotBefore(payload: JsonObject, policy: VerifierPolicy, nowSeconds: number): RejectedToken | undefined {
  const leeway = policy.clockLeewaySeconds;
  for (const name of ['nbf', 'iat'] as const) {
    const value = payload[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) return numericDateProblem(name, value);
  }
  for (const name of ['nbf', 'iat'] as const) {
    const value = payload[name];
    if (typeof value !== 'number' || value - leeway <= nowSeconds) continue;
    const hint =
      value > MILLISECONDS_THRESHOLD
        ? `${name} is ${value}, which looks like milliseconds: send seconds, not milliseconds (Math.floor(Date.now() / 1000)).`
        : `${name} is ${Math.round(value - nowSeconds)} s in the future (the clock leeway is ${leeway} s). ${REJECTION_HINTS.TOKEN_NOT_YET_VALID}`;
    return reject('TOKEN_NOT_YET_VALID', { detail: `${name} is ${describeTime(value)}.`, hint });
  }
  return undefined;
}

/**
 * Step 9, the identity (SPEC §2): exactly one of `email` (a valid address, compared
 * case-insensitively, so lower-cased here) and `unique_external_id` (a non-empty string).
 */
export function readIdentity(payload: JsonObject): { ok: true; identity: Identity } | RejectedToken {
  const email = payload.email;
  const externalId = payload.unique_external_id;
  if (email !== undefined && externalId !== undefined) return reject('IDENTITY_CONFLICT');
  if (email === undefined && externalId === undefined) return reject('IDENTITY_MISSING');
  if (email !== undefined) {
    if (typeof email !== 'string') {
      return reject('EMAIL_INVALID', {
        detail: `email is ${typeName(email)}.`,
        hint: `Send email as a string like name@example.com, not as ${typeName(email)}.`,
      });
    }
    if (fieldValueProblem({ name: 'email', type: 'email' }, email) !== null) {
      return reject('EMAIL_INVALID', { detail: `${quote(email)} is not an email address.` });
    }
    return { ok: true, identity: { email: email.toLowerCase() } };
  }
  if (typeof externalId !== 'string') {
    const example = typeof externalId === 'number' ? `, e.g. "${externalId}"` : '';
    return reject('CLAIM_INVALID', {
      detail: `unique_external_id is ${typeName(externalId)}.`,
      hint: `Send unique_external_id as a string${example}, not as ${typeName(externalId)}.`,
    });
  }
  if (externalId === '') {
    return reject('CLAIM_INVALID', {
      detail: 'unique_external_id is empty.',
      hint: "Send unique_external_id as a non-empty string: the visitor's id in your system.",
    });
  }
  return { ok: true, identity: { uniqueExternalId: externalId } };
}

interface Properties {
  ok: true;
  contactProperties: Record<string, unknown>;
  ticketProperties: Record<string, unknown>;
  dropped: DroppedField[];
}

const catalogIndex = new WeakMap<readonly VerifierField[], Map<string, VerifierField>>();

function fieldsByName(fields: readonly VerifierField[]): Map<string, VerifierField> {
  let index = catalogIndex.get(fields);
  if (!index) {
    index = new Map(fields.map((field) => [field.name, field]));
    catalogIndex.set(fields, index);
  }
  return index;
}

function fieldValueHint(claim: string, field: VerifierField, value: unknown, expected: string): string {
  // "EN", "en-US", "en_GB": a language code with the wrong case or a region; never "swe" → "sw".
  if (field.type === 'language' && typeof value === 'string' && /^[a-z]{2}(?:[-_][a-z0-9]+)*$/i.test(value)) {
    const code = value.slice(0, 2).toLowerCase();
    if (fieldValueProblem(field, code) === null) return `Send ${claim} as ${expected}, in lower case and without a region: "${code}", not ${quote(value)}.`;
  }
  if ((field.type === 'number' || field.type === 'priority') && typeof value === 'string') {
    return `Send ${claim} as ${expected}, as a JSON number without quotes.`;
  }
  if (field.type === 'checkbox' && typeof value === 'string') return `Send ${claim} as true or false, without quotes.`;
  return `Send ${claim} as ${expected}.`;
}

function readFields(
  entity: DroppedField['entity'],
  claimName: 'contactProperties' | 'ticketProperties',
  value: unknown,
  fields: readonly VerifierField[],
  dropped: DroppedField[],
): { ok: true; fields: Record<string, unknown> } | RejectedToken {
  if (value === undefined) return { ok: true, fields: {} };
  if (!isJsonObject(value)) {
    return reject('CLAIM_INVALID', {
      detail: `${claimName} is ${typeName(value)}, not an object.`,
      hint: `Send ${claimName} as a JSON object of field names and values, such as {"${entity === 'contact' ? 'name' : 'subject'}": "…"}.`,
    });
  }
  const index = fieldsByName(fields);
  const known: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const field = index.get(name);
    if (!field) {
      dropped.push({ entity, name });
      continue;
    }
    const fieldValue = value[name];
    const expected = fieldValueProblem(field, fieldValue);
    if (expected !== null) {
      const claim = `${claimName}.${name}`;
      return reject('CLAIM_INVALID', {
        detail: `${claim} must be ${expected}.`,
        hint: fieldValueHint(claim, field, fieldValue, expected),
      });
    }
    known[name] = fieldValue;
  }
  return { ok: true, fields: known };
}

/**
 * Step 10, the properties (SPEC §2): plain objects of catalog fields with values of each field's
 * type. Fields the catalog does not know are dropped and listed, never an error.
 */
export function readProperties(payload: JsonObject, catalog: VerifyContext['catalog']): Properties | RejectedToken {
  const dropped: DroppedField[] = [];
  const contact = readFields('contact', 'contactProperties', payload.contactProperties, catalog.contactFields, dropped);
  if (!contact.ok) return contact;
  const ticket = readFields('ticket', 'ticketProperties', payload.ticketProperties, catalog.ticketFields, dropped);
  if (!ticket.ok) return ticket;
  return { ok: true, contactProperties: contact.fields, ticketProperties: ticket.fields, dropped };
}

/** Steps 8–10 on a token whose signature verified. */
export function checkClaims(header: JsonObject, payload: JsonObject, kid: string, ctx: VerifyContext): VerifyResult {
  const timeProblem = checkExpiry(payload, ctx.policy, ctx.nowSeconds) ?? checkNotBefore(payload, ctx.policy, ctx.nowSeconds);
  if (timeProblem) return withDecoded(timeProblem, header, payload);
  const identity = readIdentity(payload);
  if (!identity.ok) return withDecoded(identity, header, payload);
  const properties = readProperties(payload, ctx.catalog);
  if (!properties.ok) return withDecoded(properties, header, payload);
  const { contactProperties, ticketProperties, dropped } = properties;
  const verified: VerifiedToken = { ok: true, kid, identity: identity.identity, contactProperties, ticketProperties, dropped, header, payload };
  return verified;
}

// ---------------------------------------------------------------------------------------------
// The verifiers

interface Prepared {
  ok: true;
  jws: CompactJws;
  payload: JsonObject;
  plan: KeyPlan;
  candidates: VerifierKey[];
}

/** Steps 1–6: everything before the HMAC. */
function prepare(token: string | null | undefined, ctx: VerifyContext): Prepared | RejectedToken {
  const present = presentToken(token);
  if (typeof present !== 'string') return present;
  const tooLarge = checkSize(present);
  if (tooLarge) return tooLarge;
  const jws = parseCompact(present);
  if (!jws.ok) return jws;
  const claims = parseClaims(jws);
  if (!claims.ok) return claims;
  const { payload } = claims;
  const headerProblem = checkHeader(jws.header);
  if (headerProblem) return withDecoded(headerProblem, jws.header, payload);
  const plan = selectKeys(typeof jws.header.kid === 'string' ? jws.header.kid : undefined, ctx.keys);
  if (!plan.ok) return withDecoded(plan, jws.header, payload);
  return { ok: true, jws, payload, plan, candidates: signatureCandidates(plan, jws.signature) };
}

/** Steps 7–10, given the first candidate whose HMAC matched. */
function finish(prepared: Prepared, signer: VerifierKey | undefined, ctx: VerifyContext): VerifyResult {
  const { jws, payload, plan } = prepared;
  const verifiedBy = judgeSignature(plan, jws.signature, signer, ctx.keys);
  if (!verifiedBy.ok) return withDecoded(verifiedBy, jws.header, payload);
  return checkClaims(jws.header, payload, verifiedBy.key.kid, ctx);
}

/**
 * Verifies a chat-start token (SPEC §2) as an HS256 JWS (RFC 7515) carrying a JWT Claims Set
 * (RFC 7519 §7.2), checking with `hmac` (node:crypto on the server). Never throws for any
 * token string: every outcome is a typed result whose `code` is one of REJECTION_CODES. A
 * non-string token is API misuse and throws TypeError.
 */
export function verifyTokenSync(token: string | null | undefined, ctx: VerifyContext, hmac: HmacVerifySync): VerifyResult {
  const prepared = prepare(token, ctx);
  if (!prepared.ok) return prepared;
  const { signingInput, signature } = prepared.jws;
  const signer = prepared.candidates.find((key) => hmac(key.secret, signingInput, signature));
  return finish(prepared, signer, ctx);
}

/** verifyTokenSync, with an asynchronous HMAC (WebCrypto in the browser). Same rules, same results. */
export async function verifyTokenAsync(token: string | null | undefined, ctx: VerifyContext, hmac: HmacVerifyAsync): Promise<VerifyResult> {
  const prepared = prepare(token, ctx);
  if (!prepared.ok) return prepared;
  const { signingInput, signature } = prepared.jws;
  for (const key of prepared.candidates) {
    if (await hmac(key.secret, signingInput, signature)) return finish(prepared, key, ctx);
  }
  return finish(prepared, undefined, ctx);
}

/** A JWS whose HS256 signature verified; its payload not interpreted. */
export interface VerifiedJws {
  ok: true;
  header: JsonObject;
  payload: Uint8Array;
}

/**
 * The JWS layer alone (RFC 7515 §5.2), with the key as raw bytes: size, compact structure,
 * the header rules and the HS256 signature, but no JWT claims and no key selection (`kid` is
 * not looked up). This is what the Wycheproof JWS vectors exercise; tokens go through
 * verifyTokenSync.
 */
export function verifyCompactJws(token: string, key: Uint8Array, hmac: HmacKeyBytesVerifySync): VerifiedJws | RejectedToken {
  const present = presentToken(token);
  if (typeof present !== 'string') return present;
  const tooLarge = checkSize(present);
  if (tooLarge) return tooLarge;
  const jws = parseCompact(present);
  if (!jws.ok) return jws;
  const headerProblem = checkHeader(jws.header);
  if (headerProblem) return withDecoded(headerProblem, jws.header);
  if (jws.signature.length !== HS256_SIGNATURE_BYTES) return withDecoded(wrongSignatureLength(jws.signature), jws.header);
  if (!hmac(key, jws.signingInput, jws.signature)) return withDecoded(reject('SIGNATURE_INVALID'), jws.header);
  return { ok: true, header: jws.header, payload: binaryToBytes(jws.payloadBinary) };
}
