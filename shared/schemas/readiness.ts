import { z } from 'zod';
import { idSchema } from './common.ts';

export const readinessInput = z.object({
  widgetId: idSchema,
  days: z.number().int().min(1).max(90).default(7),
});

/** Chat starts per day (UTC) by outcome: `authenticated`, `unauthenticated`, or a rejection code. */
export const readinessOutput = z.object({
  days: z.array(z.object({ date: z.iso.date(), byOutcome: z.record(z.string(), z.number().int()) })),
});
export type Readiness = z.infer<typeof readinessOutput>;
