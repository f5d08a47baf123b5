import { fieldValueProblem } from '../domain/field-values.ts';
import type { JsonObject } from './json.ts';
import { quote, reject, typeName } from './rejection.ts';
import { TEXT_HINT, textProblem } from '../domain/text.ts';
import type { Identity, RejectedToken } from './verify-types.ts';

/**
 * Step 9, the identity (SPEC §2): exactly one of `email` (a valid address, compared
 * case-insensitively, so lower-cased here) and `unique_external_id` (a non-empty string).
 */
export function readIdentity(payload: JsonObject): { ok: true; identity: Identity } | RejectedToken {
  const email = payload.email;
  const externalId = payload.unique_external_id;
  if (email !== undefined && externalId !== undefined) return reject('IDENTITY_CONFLICT');
  if (email === undefined && externalId === undefined) return reject('IDENTITY_MISSING');
  if (email !== undefined) {
    if (typeof email !== 'string') {
      return reject('EMAIL_INVALID', {
        detail: `email is ${typeName(email)}.`,
        hint: `Send email as a string like name@example.com, not as ${typeName(email)}.`,
      });
    }
    const emailText = textProblem(email);
    if (emailText) return reject('CLAIM_INVALID', { detail: `email contains ${emailText}.`, hint: TEXT_HINT });
    if (fieldValueProblem({ name: 'email', type: 'email' }, email) !== null) {
      return reject('EMAIL_INVALID', { detail: `${quote(email)} is not an email address.` });
    }
    return { ok: true, identity: { email: email.toLowerCase() } };
  }
  if (typeof externalId !== 'string') {
    const example = typeof externalId === 'number' ? `, e.g. "${externalId}"` : '';
    return reject('CLAIM_INVALID', {
      detail: `unique_external_id is ${typeName(externalId)}.`,
      hint: `Send unique_external_id as a string${example}, not as ${typeName(externalId)}.`,
    });
  }
  if (externalId === '') {
    return reject('CLAIM_INVALID', {
      detail: 'unique_external_id is empty.',
      hint: "Send unique_external_id as a non-empty string: the visitor's id in your system.",
    });
  }
  const idText = textProblem(externalId);
  if (idText) return reject('CLAIM_INVALID', { detail: `unique_external_id contains ${idText}.`, hint: TEXT_HINT });
  return { ok: true, identity: { uniqueExternalId: externalId } };
}
