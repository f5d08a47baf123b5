import { z } from 'zod';
import { idSchema, isoDateTime } from './common.ts';

export const apiKeyNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the key a name')
  .max(80, 'Name is too long (80 characters at most)');

export const createApiKeyInput = z.object({ name: apiKeyNameSchema });
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const apiKeySummary = z.object({
  id: idSchema,
  name: z.string(),
  /** The first characters of the key, so an admin can tell keys apart. */
  prefix: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime.nullable(),
  revokedAt: isoDateTime.nullable(),
});
export type ApiKeySummary = z.infer<typeof apiKeySummary>;

/** The only answer that ever carries the key itself. */
export const createdApiKey = apiKeySummary.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKey>;

export const revokeApiKeyInput = z.object({ id: idSchema });
