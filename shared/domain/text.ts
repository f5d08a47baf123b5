/**
 * Text a claim may carry (SPEC §2): no NUL and no unpaired UTF-16 surrogate. PostgreSQL text and
 * jsonb hold neither (a NUL fails the write; a lone surrogate becomes U+FFFD, so "id-\ud800" and
 * "id-\udfff" would be one person), so such a claim is refused rather than changed.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /[\u0000\p{Cs}]/u;

/** What is wrong with this text, or null when it can be kept as it is. */
export function textProblem(text: string): string | null {
  const found = UNSTORABLE.exec(text)?.[0];
  if (found === undefined) return null;
  return found === '\u0000' ? 'a NUL character' : 'an unpaired UTF-16 surrogate';
}

export const TEXT_HINT = 'Send claims as well-formed text: no NUL characters and no unpaired surrogates (encode the JSON as UTF-8 from real strings).';
