/** Steps 3 and 4, the structure: RFC 7515 §7.1 compact serialization, RFC 7515 §2 base64url. */
import { isJsonObject, type JsonObject } from './json.ts';
import { reject, withDecoded } from './rejection.ts';
import type { RejectedToken } from './verify-types.ts';

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

/** A binary string (one char per byte) as its bytes. */
export function binaryToBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
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
