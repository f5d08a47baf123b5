import { z } from 'zod';

export const fieldTypeSchema = z.enum([
  'text',
  'paragraph',
  'number',
  'priority',
  'dropdown',
  'email',
  'phone',
  'language',
  'checkbox',
  'date',
]);
export type FieldType = z.infer<typeof fieldTypeSchema>;

/** Custom fields are named `cf_*`, as in the help desk. */
export const fieldNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_]*$/, 'Field names are lower case letters, digits and _');

export const fieldSchema = z.object({
  name: fieldNameSchema,
  label: z.string(),
  type: fieldTypeSchema,
  custom: z.boolean(),
  choices: z.array(z.string()).optional(),
});
export type Field = z.infer<typeof fieldSchema>;

export const fieldCatalog = z.object({
  ticketFields: z.array(fieldSchema),
  contactFields: z.array(fieldSchema),
});
export type FieldCatalog = z.infer<typeof fieldCatalog>;
