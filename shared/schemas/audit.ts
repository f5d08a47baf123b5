import { z } from 'zod';
import { idSchema, isoDateTime, pageInput, pageOf } from './common.ts';

export const auditActions = [
  'user.signed_in',
  'user.signed_out',
  'user.sign_in_failed_burst',
  'user.created',
  'api_key.created',
  'api_key.revoked',
  'api_key.used',
  'user_auth.enforced',
  'user_auth.disabled',
  'user_auth.allowlist_updated',
  'user_auth.policy_updated',
  'signing_key.generated',
  'signing_key.revealed',
  'signing_key.revoked',
  'field.created',
  'field.updated',
  'field.archived',
  'token.test_signed',
  'chat.test_started',
  'sessions.revoked',
] as const;
export const auditActionSchema = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const actorTypeSchema = z.enum(['user', 'api_key', 'system']);

export const auditEvent = z.object({
  id: z.string(),
  occurredAt: isoDateTime,
  actor: z.object({ type: actorTypeSchema, id: idSchema.nullable(), label: z.string() }),
  action: auditActionSchema,
  widgetId: idSchema.nullable(),
  kid: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  requestId: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof auditEvent>;

export const auditListInput = pageInput.extend({
  action: auditActionSchema.optional(),
  widgetId: idSchema.optional(),
  actorId: idSchema.optional(),
});
export type AuditListInput = z.input<typeof auditListInput>;
export const auditPage = pageOf(auditEvent);
