import { z } from 'zod';

/** Times travel as ISO-8601 strings (SPEC §5: no data transformer). */
export const isoDateTime = z.iso.datetime({ offset: true });

export const idSchema = z.string().min(1).max(100);

/** Optimistic concurrency: every settings mutation names the version it was based on. */
export const expectedVersionSchema = z.number().int().min(1);

export const pageInput = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).nullish(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
