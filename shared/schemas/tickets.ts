import { z } from 'zod';
import { idSchema, isoDateTime, pageInput, pageOf } from './common.ts';
import { chatMessageSchema, provenanceMapSchema, sessionEndReasonSchema } from './conversation.ts';

/** Why a token field did not land: the catalog has no such field, or the email belongs to another contact. */
export const droppedFieldReasonSchema = z.enum(['not_in_catalog', 'email_in_use']);
export const droppedFieldSchema = z.object({
  entity: z.enum(['contact', 'ticket']),
  name: z.string(),
  reason: droppedFieldReasonSchema,
});
export type DroppedFieldInfo = z.infer<typeof droppedFieldSchema>;

export const contactSchema = z.object({
  id: idSchema,
  name: z.string().nullable(),
  email: z.string().nullable(),
  uniqueExternalId: z.string().nullable(),
  properties: z.record(z.string(), z.unknown()),
});
export type Contact = z.infer<typeof contactSchema>;

export const ticketListItem = z.object({
  id: idSchema,
  subject: z.string(),
  authenticated: z.boolean(),
  status: z.string(),
  /** Started from the console's token tester: never counted in readiness. */
  test: z.boolean(),
  createdAt: isoDateTime,
  widget: z.object({ id: idSchema, name: z.string() }),
  contact: z.object({ id: idSchema, name: z.string().nullable(), email: z.string().nullable(), uniqueExternalId: z.string().nullable() }),
});
export type TicketListItem = z.infer<typeof ticketListItem>;

export const ticketsListInput = pageInput.extend({
  authenticated: z.boolean().optional(),
});
export const ticketsPage = pageOf(ticketListItem);

export const ticketDetail = z.object({
  id: idSchema,
  subject: z.string(),
  description: z.string(),
  authenticated: z.boolean(),
  /** `authenticated`, `unauthenticated`, or the rejection code the token got (not enforced widgets). */
  verification: z.string(),
  status: z.string(),
  priority: z.number().int().nullable(),
  type: z.string().nullable(),
  /** Every other ticket field, custom ones included, by catalog name. */
  properties: z.record(z.string(), z.unknown()),
  test: z.boolean(),
  /** Token fields that were not applied, and why, so the agent knows what the site sent that is missing. */
  droppedFields: z.array(droppedFieldSchema),
  createdAt: isoDateTime,
  widget: z.object({ id: idSchema, name: z.string() }),
  contact: contactSchema.extend({
    /** Found or created from a token's identity. */
    verified: z.boolean(),
    /** Where each value came from (`name`, `email`, `unique_external_id`, property names) and when it was set. */
    provenance: provenanceMapSchema,
  }),
  /** Where each ticket field came from: the token or the visitor. */
  provenance: provenanceMapSchema,
  /**
   * An unverified visitor typed the email of a verified contact: shown to the agent as "claims to
   * be … - not verified". The chat stays on its own contact.
   */
  claimedEmail: z.object({ email: z.string(), verifiedContactId: idSchema }).nullable(),
  /** The widget session of this ticket's chat. */
  session: z.object({
    id: idSchema,
    state: z.enum(['open', 'ended']),
    endedReason: sessionEndReasonSchema.nullable(),
    endedAt: isoDateTime.nullable(),
  }).nullable(),
  /** The conversation, oldest first. */
  messages: z.array(chatMessageSchema),
});
export type TicketDetail = z.infer<typeof ticketDetail>;

export const ticketGetInput = z.object({ id: idSchema });
