import { z } from 'zod';
import { rejectionCodeSchema } from '../token/codes.ts';
import { idSchema, isoDateTime } from './common.ts';

/**
 * The token tester (SPEC §4.5): a mutation, so a token never travels in a URL. The server runs
 * the chat start's own verifier with this widget's policy and the account's keys.
 */
export const tokensInspectInput = z.object({
  widgetId: idSchema,
  token: z.string().max(64 * 1024, 'The token is longer than 64 KiB; nothing that long is a chat token'),
});
export type TokensInspectInput = z.input<typeof tokensInspectInput>;

/** SPEC §2's checks, in the order the verifier makes them. */
export const TOKEN_CHECKS = ['size', 'structure', 'header', 'key', 'signature', 'expiry', 'not_before', 'identity', 'properties'] as const;
export const tokenCheckNameSchema = z.enum(TOKEN_CHECKS);
export type TokenCheckName = z.infer<typeof tokenCheckNameSchema>;

export const tokenCheck = z.object({
  name: tokenCheckNameSchema,
  /** What the check asks, as the tester lists it ("Signed with HS256"). */
  label: z.string(),
  ok: z.boolean(),
  /** `not_checked`: an earlier check failed and this one had nothing sound to look at. */
  status: z.enum(['passed', 'failed', 'not_checked']),
  code: rejectionCodeSchema.optional(),
  message: z.string().optional(),
  hint: z.string().optional(),
});
export type TokenCheck = z.infer<typeof tokenCheck>;

export const tokenWarning = z.object({
  kind: z.enum(['unknown_field', 'retiring_key']),
  message: z.string(),
  entity: z.enum(['contact', 'ticket']).optional(),
  field: z.string().optional(),
  /** The catalog field meant, when one is close ("cf_projct" → "cf_project"). */
  suggestion: z.string().optional(),
});
export type TokenWarning = z.infer<typeof tokenWarning>;

export const tokenError = z.object({ code: rejectionCodeSchema, message: z.string(), hint: z.string() });

export const tokensInspectOutput = z.object({
  valid: z.boolean(),
  /** The decoded JOSE header and payload as parsed (shown as text, never as HTML); null when they could not be decoded. */
  header: z.record(z.string(), z.unknown()).nullable(),
  payload: z.record(z.string(), z.unknown()).nullable(),
  checks: z.array(tokenCheck),
  /** The code chat start would answer (first failed check), as `[{code, message, hint}]`; empty when valid. */
  errors: z.array(tokenError),
  warnings: z.array(tokenWarning),
  /** The key whose HMAC matched, when one did. */
  key: z.object({ kid: z.string(), status: z.enum(['active', 'retiring', 'revoked']), retiresAt: isoDateTime.nullable() }).nullable(),
  /** What chat start would do with it on this widget. */
  outcome: z.enum(['authenticated', 'refused', 'unauthenticated']),
});
export type TokensInspectOutput = z.infer<typeof tokensInspectOutput>;

const propertyValues = z.record(z.string().max(64), z.union([z.string().max(10_000), z.number(), z.boolean()]));

/** The claims of a test token (SPEC §5 `tokens.signTest`): exactly one identity; `exp` optional, capped by the policy. */
export const testTokenClaims = z
  .object({
    email: z.string().trim().max(254).optional(),
    unique_external_id: z.string().max(255).optional(),
    contactProperties: propertyValues.optional(),
    ticketProperties: propertyValues.optional(),
    /** Seconds since 1970; default: now + the lesser of 10 minutes and the widget's maximum lifetime. */
    exp: z.number().int().positive().optional(),
    /** Instead of `exp`: the token's life from the server's clock (so a browser's clock cannot make it too long). */
    expiresInSeconds: z.number().int().positive().optional(),
  })
  .refine((c) => (c.email === undefined) !== (c.unique_external_id === undefined), {
    message: 'Give exactly one identity: email or unique_external_id',
    path: ['email'],
  })
  .refine((c) => c.exp === undefined || c.expiresInSeconds === undefined, {
    message: 'Give exp or expiresInSeconds, not both',
    path: ['exp'],
  });
export type TestTokenClaims = z.input<typeof testTokenClaims>;

export const tokensSignTestInput = z.object({ widgetId: idSchema, payload: testTokenClaims });
export type TokensSignTestInput = z.input<typeof tokensSignTestInput>;

export const tokensSignTestOutput = z.object({
  token: z.string(),
  kid: z.string(),
  expiresAt: isoDateTime,
});
export type TokensSignTestOutput = z.infer<typeof tokensSignTestOutput>;
