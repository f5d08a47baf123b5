import { MAX_TOKEN_BYTES, REJECTION_HINTS } from './codes.ts';
import { reject } from './rejection.ts';
import type { RejectedToken } from './verify-types.ts';

/** Step 1: a token must be sent at all. A non-string is API misuse, a TypeError (not a token error). */
export function presentToken(token: string | null | undefined): string | RejectedToken {
  if (token === null || token === undefined || token === '') return reject('TOKEN_MISSING');
  if (typeof token !== 'string') throw new TypeError('The token must be a string, null or undefined');
  return token;
}

/** The UTF-8 length of a string without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
function utf8Length(text: string): number {
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
