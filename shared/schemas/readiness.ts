import { z } from 'zod';
import { rejectionCodeSchema } from '../token/codes.ts';
import { idSchema, isoDateTime } from './common.ts';

export const readinessInput = z.object({
  widgetId: idSchema,
  days: z.number().int().min(1).max(90).default(7),
});

/** Chat starts per day (UTC) by outcome: `authenticated`, `unauthenticated`, or a rejection code. */
export const readinessOutput = z.object({
  days: z.array(
    z.object({
      date: z.iso.date(),
      byOutcome: z.record(z.string(), z.number().int()),
      /** Chats that started but lost token fields the catalog does not know (a subset of the chats above). */
      droppedFields: z.number().int(),
    }),
  ),
});
export type Readiness = z.infer<typeof readinessOutput>;

export const failuresInput = z.object({
  widgetId: idSchema,
  limit: z.number().int().min(1).max(100).default(100),
});

/**
 * One rejected or unauthenticated chat start (SPEC §4.8): what the verifier said and which
 * claims were there, by name only: never a value, never the token.
 */
export const chatFailure = z.object({
  id: z.string(),
  occurredAt: isoDateTime,
  /** The rejection code; `TOKEN_MISSING` for a chat that came without a token. */
  code: rejectionCodeSchema,
  /** Whether the chat was refused (enforced widget) or started unauthenticated. */
  outcome: z.enum(['refused', 'unauthenticated']),
  message: z.string(),
  hint: z.string(),
  kid: z.string().nullable(),
  /** Top-level claim names, then `contactProperties.x` and `ticketProperties.y`. */
  claims: z.array(z.string()),
});
export type ChatFailure = z.infer<typeof chatFailure>;

export const failuresOutput = z.object({ items: z.array(chatFailure) });
export type ChatFailures = z.infer<typeof failuresOutput>;
