import { z } from 'zod';
import { isoDateTime } from './common.ts';

export const signingKeyStatusSchema = z.enum(['active', 'retiring', 'revoked']);
export type SigningKeyStatus = z.infer<typeof signingKeyStatusSchema>;

/** The grace windows the console offers when a key is rotated: none, 1 h, 24 h, 7 d. */
export const GRACE_CHOICES_SECONDS = [0, 3_600, 86_400, 604_800] as const;

export const graceSecondsSchema = z
  .number()
  .int()
  .refine((s) => (GRACE_CHOICES_SECONDS as readonly number[]).includes(s), {
    message: `Grace period must be one of ${GRACE_CHOICES_SECONDS.join(', ')} seconds`,
  });

export const kidSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a key id');

export const signingKeySummary = z.object({
  kid: kidSchema,
  status: signingKeyStatusSchema,
  createdAt: isoDateTime,
  retiresAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
  lastUsedAt: isoDateTime.nullable(),
  last4: z.string().length(4),
});
export type SigningKeySummary = z.infer<typeof signingKeySummary>;

export const generateKeyInput = z.object({ graceSeconds: graceSecondsSchema });
export type GenerateKeyInput = z.input<typeof generateKeyInput>;

export const kidInput = z.object({ kid: kidSchema });
export const revealedKey = z.object({ kid: kidSchema, secret: z.string() });
