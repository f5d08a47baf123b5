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
  /** Bumped by every change (fields.update, fields.archive take it as expectedVersion). */
  version: z.number().int().optional(),
});
export type Field = z.infer<typeof fieldSchema>;

export const fieldKindSchema = z.enum(['ticket', 'contact']);
export type FieldKind = z.infer<typeof fieldKindSchema>;

/** The types an admin may give a custom field (the built-in ones have the rest). */
export const CUSTOM_FIELD_TYPES = ['text', 'number', 'dropdown', 'checkbox', 'date'] as const;
export const customFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);

export const customFieldNameSchema = fieldNameSchema.refine((n) => /^cf_[a-z0-9_]+$/.test(n), {
  message: 'Custom field names start with cf_ and go on with lower case letters, digits and _ (cf_project)',
});

export const fieldLabelSchema = z.string().trim().min(1, 'Give the field a label').max(100, 'Labels are at most 100 characters');

const choicesSchema = z
  .array(z.string().trim().min(1, 'Choices cannot be empty').max(100, 'Choices are at most 100 characters'))
  .min(1, 'A dropdown needs at least one choice')
  .max(100, 'A dropdown has at most 100 choices')
  .refine((c) => new Set(c).size === c.length, { message: 'Each choice appears once' });

export const fieldsCreateInput = z
  .object({
    kind: fieldKindSchema,
    name: customFieldNameSchema,
    label: fieldLabelSchema,
    type: customFieldTypeSchema,
    choices: choicesSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'dropdown' && !v.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'A dropdown needs at least one choice' });
    if (v.type !== 'dropdown' && v.choices) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'Only dropdown fields have choices' });
  });
export type FieldsCreateInput = z.input<typeof fieldsCreateInput>;

export const fieldsUpdateInput = z.object({
  kind: fieldKindSchema,
  name: fieldNameSchema,
  label: fieldLabelSchema,
  expectedVersion: z.number().int().min(1).optional(),
});
export type FieldsUpdateInput = z.input<typeof fieldsUpdateInput>;

export const fieldsArchiveInput = z.object({
  kind: fieldKindSchema,
  name: customFieldNameSchema,
  expectedVersion: z.number().int().min(1).optional(),
});
export type FieldsArchiveInput = z.input<typeof fieldsArchiveInput>;

export const fieldsListInput = z.object({ includeArchived: z.boolean().default(false) }).optional();

/** A catalog field as the Fields page manages it: which side, its version, and whether it is archived. */
export const managedField = fieldSchema.extend({
  kind: fieldKindSchema,
  version: z.number().int(),
  archivedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ManagedField = z.infer<typeof managedField>;

/** The active catalog; `archived` only when asked for (`fields.list({includeArchived: true})`). */
export const fieldCatalog = z.object({
  ticketFields: z.array(fieldSchema),
  contactFields: z.array(fieldSchema),
  archived: z.array(managedField).optional(),
});
export type FieldCatalog = z.infer<typeof fieldCatalog>;
