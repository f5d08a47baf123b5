import { z } from 'zod';
import { idSchema, isoDateTime } from './common.ts';

export const enforcementSchema = z.enum(['enforced', 'not_enforced']);
export type Enforcement = z.infer<typeof enforcementSchema>;

export const widgetListItem = z.object({
  id: idSchema,
  name: z.string(),
  token: z.string(),
  host: z.string(),
  enforcement: enforcementSchema,
});
export type WidgetListItem = z.infer<typeof widgetListItem>;

export const widgetDetail = widgetListItem.extend({ createdAt: isoDateTime });
export type WidgetDetail = z.infer<typeof widgetDetail>;

export const widgetIdInput = z.object({ widgetId: idSchema });
export const widgetGetInput = z.object({ id: idSchema });
