import { textProblem } from './text.ts';
import type { FieldType } from '../schemas/fields.ts';

/** ISO 639-1 codes, the languages a contact may have. */
const ISO_639_1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[+()0-9 .-]{3,32}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface FieldSpec {
  name: string;
  type: FieldType;
  choices?: readonly string[] | null | undefined;
}

/**
 * Whether `value` fits the field's type, as the help desk stores it; the reason when it does not.
 * Used for token properties (SPEC §2) and for fields a visitor or AI agent sets during a chat.
 */
export function fieldValueProblem(field: FieldSpec, value: unknown): string | null {
  // The store cannot hold a NUL character or an unpaired surrogate in text, and no field needs one.
  if (typeof value === 'string' && textProblem(value)) return 'text without NUL characters or unpaired surrogates';
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 255 ? null : 'a string of at most 255 characters';
    case 'paragraph':
      return typeof value === 'string' && value.length <= 10_000 ? null : 'a string of at most 10000 characters';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'a number';
    case 'priority':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 4 ? null : 'an integer from 1 (low) to 4 (urgent)';
    case 'dropdown':
      return typeof value === 'string' && (field.choices ?? []).includes(value) ? null : `one of: ${(field.choices ?? []).join(', ')}`;
    case 'email':
      return typeof value === 'string' && value.length <= 254 && EMAIL.test(value) ? null : 'an email address';
    case 'phone':
      return typeof value === 'string' && PHONE.test(value) ? null : 'a phone number';
    case 'language':
      return typeof value === 'string' && ISO_639_1.has(value) ? null : 'an ISO 639-1 language code such as "en"';
    case 'checkbox':
      return typeof value === 'boolean' ? null : 'true or false';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? null : 'a date as YYYY-MM-DD';
  }
}

/** YYYY-MM-DD naming a day that exists (2025-02-30 does not). */
function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
