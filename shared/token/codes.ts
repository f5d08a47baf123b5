import { z } from 'zod';

/**
 * Why a token was refused (SPEC §2). Stable: clients, logs, the readiness view and the console's
 * hints key on these strings.
 */
export const REJECTION_CODES = [
  'TOKEN_MISSING',
  'TOKEN_TOO_LARGE',
  'TOKEN_MALFORMED',
  'ALG_NOT_ALLOWED',
  'KEY_UNKNOWN',
  'SIGNATURE_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_NOT_YET_VALID',
  'EXP_MISSING',
  'LIFETIME_TOO_LONG',
  'IDENTITY_MISSING',
  'IDENTITY_CONFLICT',
  'EMAIL_INVALID',
  'CLAIM_INVALID',
] as const;
export const rejectionCodeSchema = z.enum(REJECTION_CODES);
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** A token over this many bytes is refused before it is decoded. */
export const MAX_TOKEN_BYTES = 8 * 1024;

/** What each code means, in one sentence an admin (or a visitor's widget) can show. */
export const REJECTION_MESSAGES: Record<RejectionCode, string> = {
  TOKEN_MISSING: 'No token was sent, and this widget requires one.',
  TOKEN_TOO_LARGE: `The token is larger than ${MAX_TOKEN_BYTES / 1024} KiB.`,
  TOKEN_MALFORMED: 'The token is not a well-formed JWT.',
  ALG_NOT_ALLOWED: 'The token is not signed with HS256.',
  KEY_UNKNOWN: 'The token names a signing key this account does not have, or one that is revoked.',
  SIGNATURE_INVALID: "The token's signature does not match the account's signing key.",
  TOKEN_EXPIRED: 'The token has expired.',
  TOKEN_NOT_YET_VALID: 'The token is not valid yet.',
  EXP_MISSING: 'The token has no exp (expiry) claim.',
  LIFETIME_TOO_LONG: "The token's expiry is further ahead than this widget allows.",
  IDENTITY_MISSING: 'The token has neither email nor unique_external_id.',
  IDENTITY_CONFLICT: 'The token has both email and unique_external_id; send exactly one.',
  EMAIL_INVALID: 'The email claim is not a valid email address.',
  CLAIM_INVALID: 'A claim has the wrong type or value.',
};

/** The usual fix for each code; the verifier gives a more precise hint where it can tell. */
export const REJECTION_HINTS: Record<RejectionCode, string> = {
  TOKEN_MISSING: 'Sign a token on your server for the signed-in visitor and pass it as jwtAuthToken.',
  TOKEN_TOO_LARGE: 'Put only the identity and the fields you need in the token.',
  TOKEN_MALFORMED: 'Send the compact JWT exactly as your library produced it: three base64url parts separated by dots, with a JSON object as payload.',
  ALG_NOT_ALLOWED: 'Sign with HS256 (HMAC with SHA-256) and the secret shown in the console.',
  KEY_UNKNOWN: 'Sign with the active key shown under Signing key, or leave out kid.',
  SIGNATURE_INVALID: 'Sign with the secret exactly as the console shows it (the string itself, not decoded), using HS256.',
  TOKEN_EXPIRED: "Mint a fresh token for each chat, and check your server's clock.",
  TOKEN_NOT_YET_VALID: "Check your server's clock; nbf and iat must not be in the future.",
  EXP_MISSING: 'Add exp: the expiry time in seconds since 1970 (e.g. now + 3600).',
  LIFETIME_TOO_LONG: 'Give exp closer to now: at most the maximum token lifetime set for this widget.',
  IDENTITY_MISSING: 'Add email or unique_external_id for the signed-in visitor.',
  IDENTITY_CONFLICT: 'Send only one identity: email or unique_external_id.',
  EMAIL_INVALID: 'Send the visitor’s email address as a string like name@example.com.',
  CLAIM_INVALID: 'Check the types: unique_external_id is a string; contactProperties and ticketProperties are objects of catalog fields.',
};

/** The error body of a refused chat start (plain route) and the tRPC error's `data.reason`. */
export const rejectionSchema = z.object({
  code: rejectionCodeSchema,
  message: z.string(),
  hint: z.string(),
});
export type Rejection = z.infer<typeof rejectionSchema>;
