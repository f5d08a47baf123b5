import { z } from 'zod';
import { textProblem } from '../domain/text.ts';
import { idSchema } from './common.ts';
import { droppedFieldSchema } from './tickets.ts';

/** Chat start, from the widget (plain route) or a tRPC client: the same input and output. */
export const chatStartInput = z.object({
  widgetId: idSchema,
  widgetToken: z.string().min(1, 'widgetToken is required').max(200),
  /** The JWT your server signed for the visitor; absent for anonymous visitors. Checked for size by the verifier. */
  jwtAuthToken: z.string().max(64 * 1024).nullish(),
  /** The visitor's first message, which opens the ticket. */
  message: z
    .string()
    .trim()
    .max(5000, 'The message is too long (5000 characters at most)')
    .refine((m) => textProblem(m) === null, 'The message cannot contain NUL characters or unpaired surrogates')
    .optional(),
});
export type ChatStartInput = z.input<typeof chatStartInput>;

export const chatStartOutput = z.object({
  sessionId: idSchema,
  authenticated: z.boolean(),
  contactId: idSchema,
  ticketId: idSchema,
  /** Proves the session to chat.updateFields; the widget keeps it, nobody else sees it. */
  sessionSecret: z.string(),
  /** Token fields the catalog does not know: dropped, listed so a developer can see why. */
  droppedFields: z.array(droppedFieldSchema),
  /** The first message, when the start carried one: its id and place in the conversation. */
  message: z.object({ id: idSchema, seq: z.number().int() }).nullable(),
});
export type ChatStartOutput = z.infer<typeof chatStartOutput>;

/**
 * A test chat from the console (admins): the real chat start with the widget's own rules, marked
 * as a test so it never counts in readiness or Recent failures and never touches a key's last use.
 */
export const chatStartTestInput = z.object({
  widgetId: idSchema,
  jwtAuthToken: chatStartInput.shape.jwtAuthToken,
  message: chatStartInput.shape.message,
});
export type ChatStartTestInput = z.input<typeof chatStartTestInput>;

const fieldValues = z.record(z.string().max(64), z.unknown());

/**
 * A visitor (with the session's secret) or an AI agent (an admin or API key acting for the bot)
 * changes ticket and contact fields of a chat. Unauthenticated visitors are held to the widget's
 * allowlist, field by field; AI agents are not.
 */
export const chatUpdateFieldsInput = z.object({
  sessionId: idSchema,
  actor: z.enum(['visitor', 'ai_agent']).default('visitor'),
  sessionSecret: z.string().max(200).optional(),
  contactFields: fieldValues.default({}),
  ticketFields: fieldValues.default({}),
});
export type ChatUpdateFieldsInput = z.input<typeof chatUpdateFieldsInput>;

export const refusedFieldSchema = z.object({
  entity: z.enum(['contact', 'ticket']),
  name: z.string(),
  reason: z.string(),
});

export const chatUpdateFieldsOutput = z.object({
  applied: z.object({ contactFields: z.array(z.string()), ticketFields: z.array(z.string()) }),
  refused: z.array(refusedFieldSchema),
  /** Set when the visitor's details matched an existing contact and the session's contact was merged into it. */
  mergedIntoContactId: idSchema.nullable(),
});
export type ChatUpdateFieldsOutput = z.infer<typeof chatUpdateFieldsOutput>;
