import { z } from 'zod';
import { expectedVersionSchema, idSchema, isoDateTime } from './common.ts';
import { fieldNameSchema } from './fields.ts';
import { enforcementSchema } from './widgets.ts';

export const CLOCK_LEEWAY_MAX_SECONDS = 300;
export const CLOCK_LEEWAY_DEFAULT_SECONDS = 60;
export const MAX_TOKEN_LIFETIME_DEFAULT_SECONDS = 86_400;
export const MAX_TOKEN_LIFETIME_MIN_SECONDS = 60;
export const MAX_TOKEN_LIFETIME_MAX_SECONDS = 30 * 86_400;

export const allowlistSchema = z.object({
  ticketFields: z.array(fieldNameSchema).max(200),
  contactFields: z.array(fieldNameSchema).max(200),
});
export type Allowlist = z.infer<typeof allowlistSchema>;

export const clockLeewaySchema = z
  .number({ error: 'Clock leeway must be a number of seconds' })
  .int('Clock leeway must be whole seconds')
  .min(0, 'Clock leeway cannot be negative')
  .max(CLOCK_LEEWAY_MAX_SECONDS, `Clock leeway is at most ${CLOCK_LEEWAY_MAX_SECONDS} seconds`);

export const maxTokenLifetimeSchema = z
  .number({ error: 'Maximum token lifetime must be a number of seconds' })
  .int('Maximum token lifetime must be whole seconds')
  .min(MAX_TOKEN_LIFETIME_MIN_SECONDS, `Maximum token lifetime is at least ${MAX_TOKEN_LIFETIME_MIN_SECONDS} seconds`)
  .max(MAX_TOKEN_LIFETIME_MAX_SECONDS, 'Maximum token lifetime is at most 30 days');

export const userAuthSettings = z.object({
  widgetId: idSchema,
  enforcement: enforcementSchema,
  allowlist: allowlistSchema,
  clockLeewaySeconds: z.number().int(),
  maxTokenLifetimeSeconds: z.number().int(),
  version: z.number().int(),
  updatedAt: isoDateTime,
});
export type UserAuthSettings = z.infer<typeof userAuthSettings>;

const versioned = { widgetId: idSchema, expectedVersion: expectedVersionSchema };

export const enforceInput = z.object(versioned);
export const allowlistInput = z.object({ ...versioned, allowlist: allowlistSchema });
export type AllowlistInput = z.input<typeof allowlistInput>;

export const updatePolicyInput = z
  .object({
    ...versioned,
    clockLeewaySeconds: clockLeewaySchema.optional(),
    maxTokenLifetimeSeconds: maxTokenLifetimeSchema.optional(),
  })
  .refine((v) => v.clockLeewaySeconds !== undefined || v.maxTokenLifetimeSeconds !== undefined, {
    message: 'Give clockLeewaySeconds, maxTokenLifetimeSeconds or both',
  });
export type UpdatePolicyInput = z.input<typeof updatePolicyInput>;
