import { fieldValueProblem } from '../domain/field-values.ts';
import { isJsonObject, type JsonObject } from './json.ts';
import { quote, reject, typeName } from './rejection.ts';
import { TEXT_HINT, textProblem } from '../domain/text.ts';
import type { DroppedField, RejectedToken, VerifierField, VerifyContext } from './verify-types.ts';

interface Properties {
  ok: true;
  contactProperties: Record<string, unknown>;
  ticketProperties: Record<string, unknown>;
  dropped: DroppedField[];
}

const catalogIndex = new WeakMap<readonly VerifierField[], Map<string, VerifierField>>();

function fieldsByName(fields: readonly VerifierField[]): Map<string, VerifierField> {
  let index = catalogIndex.get(fields);
  if (!index) {
    index = new Map(fields.map((field) => [field.name, field]));
    catalogIndex.set(fields, index);
  }
  return index;
}

function fieldValueHint(claim: string, field: VerifierField, value: unknown, expected: string): string {
  // "EN", "en-US", "en_GB": a language code with the wrong case or a region; never "swe" → "sw".
  if (field.type === 'language' && typeof value === 'string' && /^[a-z]{2}(?:[-_][a-z0-9]+)*$/i.test(value)) {
    const code = value.slice(0, 2).toLowerCase();
    if (fieldValueProblem(field, code) === null) return `Send ${claim} as ${expected}, in lower case and without a region: "${code}", not ${quote(value)}.`;
  }
  if ((field.type === 'number' || field.type === 'priority') && typeof value === 'string') {
    return `Send ${claim} as ${expected}, as a JSON number without quotes.`;
  }
  if (field.type === 'checkbox' && typeof value === 'string') return `Send ${claim} as true or false, without quotes.`;
  return `Send ${claim} as ${expected}.`;
}

function readFields(
  entity: DroppedField['entity'],
  claimName: 'contactProperties' | 'ticketProperties',
  value: unknown,
  fields: readonly VerifierField[],
  dropped: DroppedField[],
): { ok: true; fields: Record<string, unknown> } | RejectedToken {
  if (value === undefined) return { ok: true, fields: {} };
  if (!isJsonObject(value)) {
    return reject('CLAIM_INVALID', {
      detail: `${claimName} is ${typeName(value)}, not an object.`,
      hint: `Send ${claimName} as a JSON object of field names and values, such as {"${entity === 'contact' ? 'name' : 'subject'}": "…"}.`,
    });
  }
  const index = fieldsByName(fields);
  const known: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    // Even a dropped field's name is kept (the ticket lists it), so it must be storable too.
    const nameText = textProblem(name);
    if (nameText) return reject('CLAIM_INVALID', { detail: `A field name in ${claimName} contains ${nameText}.`, hint: TEXT_HINT });
    const field = index.get(name);
    if (!field) {
      dropped.push({ entity, name });
      continue;
    }
    const fieldValue = value[name];
    const valueText = typeof fieldValue === 'string' ? textProblem(fieldValue) : null;
    if (valueText) return reject('CLAIM_INVALID', { detail: `${claimName}.${name} contains ${valueText}.`, hint: TEXT_HINT });
    const expected = fieldValueProblem(field, fieldValue);
    if (expected !== null) {
      const claim = `${claimName}.${name}`;
      return reject('CLAIM_INVALID', {
        detail: `${claim} must be ${expected}.`,
        hint: fieldValueHint(claim, field, fieldValue, expected),
      });
    }
    known[name] = fieldValue;
  }
  return { ok: true, fields: known };
}

/**
 * Step 10, the properties (SPEC §2): plain objects of catalog fields with values of each field's
 * type. Fields the catalog does not know are dropped and listed, never an error.
 */
export function readProperties(payload: JsonObject, catalog: VerifyContext['catalog']): Properties | RejectedToken {
  const dropped: DroppedField[] = [];
  const contact = readFields('contact', 'contactProperties', payload.contactProperties, catalog.contactFields, dropped);
  if (!contact.ok) return contact;
  const ticket = readFields('ticket', 'ticketProperties', payload.ticketProperties, catalog.ticketFields, dropped);
  if (!ticket.ok) return ticket;
  return { ok: true, contactProperties: contact.fields, ticketProperties: ticket.fields, dropped };
}
