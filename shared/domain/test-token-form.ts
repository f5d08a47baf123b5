import { z } from 'zod';
import type { Field, FieldCatalog } from '../schemas/fields.ts';
import type { TestTokenClaims } from '../schemas/tokens.ts';
import { fieldValueProblem } from './field-values.ts';

/**
 * ISO 639-1 codes, for the console's language select. The verifier's own set lives in
 * field-values.ts; this module's test checks that every code here passes it.
 */
export const LANGUAGE_CODES = (
  'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
).split(' ');

/** The help desk's priorities, as the priority field stores them. */
export const PRIORITIES = [
  { value: 1, label: 'Low' },
  { value: 2, label: 'Medium' },
  { value: 3, label: 'High' },
  { value: 4, label: 'Urgent' },
] as const;

/** The expiries the form offers; the widget's maximum lifetime caps them (see `expiryChoices`). */
const EXPIRY_PRESETS = [300, 600, 3_600, 86_400, 604_800] as const;

/** The expiries a test token may have on a widget whose tokens live at most `maxSeconds`: the presets below it, then the maximum. */
export function expiryChoices(maxSeconds: number): number[] {
  return [...EXPIRY_PRESETS.filter((s) => s < maxSeconds), maxSeconds];
}

/** The expiry the form starts with: ten minutes, as the server's default, or the maximum when that is shorter. */
export function defaultExpiry(maxSeconds: number): number {
  return Math.min(600, maxSeconds);
}

const propertyEntry = z.object({
  entity: z.enum(['contact', 'ticket']),
  name: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean()]),
});
export type TestTokenProperty = z.infer<typeof propertyEntry>;

export interface TestTokenFormValues {
  identityKind: 'email' | 'unique_external_id';
  identity: string;
  /** The fields picked with "Add field", in the order they were added. */
  properties: TestTokenProperty[];
  expiresInSeconds: number;
}

/** A catalog field by side and name, or undefined when the catalog has none such. */
export function catalogField(catalog: FieldCatalog, entity: 'contact' | 'ticket', name: string): Field | undefined {
  return (entity === 'contact' ? catalog.contactFields : catalog.ticketFields).find((f) => f.name === name);
}

/** What a freshly added field's input starts with, so it shows a sound value of its type. */
export function initialValue(field: Field): string | number | boolean {
  switch (field.type) {
    case 'priority':
      return 1;
    case 'checkbox':
      return false;
    case 'dropdown':
      return field.choices?.[0] ?? '';
    case 'language':
      return 'en';
    case 'number':
      return 0;
    case 'text':
    case 'paragraph':
    case 'email':
    case 'phone':
    case 'date':
      return '';
  }
}

/**
 * The Build a test token form (SPEC §4.5), from the account's field catalog and the widget's
 * policy. Each property is held to the rule the verifier applies (`fieldValueProblem`), so a
 * token the form accepts is one chat start accepts.
 */
export function testTokenFormSchema(catalog: FieldCatalog, policy: { maxTokenLifetimeSeconds: number }) {
  return z
    .object({
      identityKind: z.enum(['email', 'unique_external_id']),
      identity: z.string().trim(),
      properties: z.array(propertyEntry),
      expiresInSeconds: z
        .number()
        .int()
        .positive('Choose when the token expires')
        .max(policy.maxTokenLifetimeSeconds, 'This widget refuses tokens that live this long; choose a shorter expiry'),
    })
    .superRefine((values, ctx) => {
      const identityProblem = identityProblemOf(values.identityKind, values.identity);
      if (identityProblem) ctx.addIssue({ code: 'custom', path: ['identity'], message: identityProblem });
      const seen = new Set<string>();
      values.properties.forEach((entry, index) => {
        const key = `${entry.entity}.${entry.name}`;
        const field = catalogField(catalog, entry.entity, entry.name);
        if (!field) {
          ctx.addIssue({ code: 'custom', path: ['properties', index, 'name'], message: `The catalog has no ${entry.entity} field ${entry.name}` });
        } else if (seen.has(key)) {
          ctx.addIssue({ code: 'custom', path: ['properties', index, 'name'], message: `${field.label} is already in the token` });
        } else {
          const problem = fieldValueProblem(field, entry.value);
          if (problem) ctx.addIssue({ code: 'custom', path: ['properties', index, 'value'], message: `${field.label} takes ${problem}` });
        }
        seen.add(key);
      });
    });
}

function identityProblemOf(kind: TestTokenFormValues['identityKind'], identity: string): string | null {
  if (kind === 'email') {
    if (!identity) return 'Give the visitor’s email address';
    return fieldValueProblem({ name: 'email', type: 'email' }, identity) ? 'Give an email address like name@example.com' : null;
  }
  if (!identity) return 'Give the visitor’s unique external id';
  return identity.length > 255 ? 'A unique external id is at most 255 characters' : null;
}

/**
 * The claims to sign for the form's values: one identity, the properties by side, and the
 * lifetime, which the server turns into `exp` by its own clock (a browser's clock may be off).
 */
export function toTestTokenClaims(values: TestTokenFormValues): TestTokenClaims {
  const bySide = (entity: 'contact' | 'ticket') => {
    const entries = values.properties.filter((p) => p.entity === entity);
    return entries.length ? Object.fromEntries(entries.map((p) => [p.name, p.value])) : undefined;
  };
  const contactProperties = bySide('contact');
  const ticketProperties = bySide('ticket');
  const identity = values.identity.trim();
  return {
    ...(values.identityKind === 'email' ? { email: identity } : { unique_external_id: identity }),
    ...(contactProperties ? { contactProperties } : {}),
    ...(ticketProperties ? { ticketProperties } : {}),
    expiresInSeconds: values.expiresInSeconds,
  };
}
