import { DomainError } from '../errors.ts';
import type { Role } from '../schemas/auth.ts';
import type { Enforcement } from '../schemas/widgets.ts';
import { fieldValueProblem, type FieldSpec } from './field-values.ts';

/**
 * Who may set which field of a chat (SPEC §3): a signed-in visitor fills in anything but who
 * they are; an unauthenticated visitor only the widget's allowlist, and never a verified
 * contact's details; an AI agent anything. Decided here, written by the chat service.
 */

export type FieldEntity = 'contact' | 'ticket';

export interface RefusedField {
  entity: FieldEntity;
  name: string;
  reason: string;
}

/** Why a field was not set, as the visitor or agent reads it in `refused`. */
export const FIELD_REFUSALS = {
  unknown: 'unknown field',
  identityFromToken: 'the email of a verified visitor comes from their token',
  notAllowlisted: 'not editable by unauthenticated visitors on this widget',
  verifiedContact: 'this contact is verified: only its own signed-in visitors and agents change it',
  emailTaken: 'another contact already has this email',
} as const;

/** Who asks to change a chat's fields, as far as the chat's own rules care. */
export interface FieldEditor {
  /** An AI agent: exempt from the allowlist. */
  aiAgent: boolean;
  /** The chat was started with a valid token. */
  authenticated: boolean;
  /** The chat's contact is a verified one (found or created from a token). */
  contactVerified: boolean;
  /** What the widget lets unauthenticated visitors edit. */
  allowlist: { ticketFields: ReadonlySet<string>; contactFields: ReadonlySet<string> };
}

/** How a caller proves the right to change a chat: the session's secret, or an admin's rights for the AI agent. */
export type FieldEditCaller =
  | { actor: 'visitor'; secretMatches: boolean }
  | { actor: 'ai_agent'; principal: { role: Role; accountId: string } | null };

/**
 * May this caller change this chat's fields at all: a visitor shows the secret chat start gave
 * them; an AI agent acts through an admin's session or an API key of the chat's account.
 */
export function assertMayEditChat(caller: FieldEditCaller, chat: { accountId: string }): void {
  if (caller.actor === 'ai_agent') {
    const { principal } = caller;
    if (!principal || principal.role !== 'admin' || principal.accountId !== chat.accountId) {
      throw new DomainError('FORBIDDEN', 'Only an admin or an API key of this account may act as the AI agent.');
    }
  } else if (!caller.secretMatches) {
    throw new DomainError('UNAUTHORIZED', 'The session secret is missing or wrong; send the one chat start returned.');
  }
}

/** Once a widget enforces sign-in, its unauthenticated chats change nothing more (AI agents still may). */
export function assertChatStillEditable(chat: { aiAgent: boolean; authenticated: boolean }, enforcement: Enforcement): void {
  if (!chat.aiAgent && !chat.authenticated && enforcement === 'enforced') {
    throw new DomainError('FORBIDDEN', 'This widget now requires sign-in: an unauthenticated chat can no longer change fields.');
  }
}

/** Why this editor may not set this field, or null when it may. */
export function fieldRefusal(editor: FieldEditor, entity: FieldEntity, name: string): string | null {
  if (editor.aiAgent) return null;
  if (editor.authenticated) {
    // Who the visitor is comes from their token; the rest they may fill in.
    return entity === 'contact' && name === 'email' ? FIELD_REFUSALS.identityFromToken : null;
  }
  const allowlist = entity === 'ticket' ? editor.allowlist.ticketFields : editor.allowlist.contactFields;
  if (!allowlist.has(name)) return FIELD_REFUSALS.notAllowlisted;
  // An unverified session edits only its own unverified contact, never a verified one it was linked to.
  if (entity === 'contact' && editor.contactVerified) return FIELD_REFUSALS.verifiedContact;
  return null;
}

/**
 * The values this editor may set on one entity, field by field: unknown fields, fields it may
 * not set and values of the wrong type are refused, the rest accepted.
 */
export function sortFieldValues(
  editor: FieldEditor,
  entity: FieldEntity,
  values: Record<string, unknown>,
  catalog: readonly FieldSpec[],
): { accepted: Record<string, unknown>; refused: RefusedField[] } {
  const byName = new Map(catalog.map((f) => [f.name, f]));
  const accepted: Record<string, unknown> = {};
  const refused: RefusedField[] = [];
  for (const [name, value] of Object.entries(values)) {
    const field = byName.get(name);
    const reason = !field ? FIELD_REFUSALS.unknown : (fieldRefusal(editor, entity, name) ?? valueRefusal(field, value));
    if (reason) refused.push({ entity, name, reason });
    else accepted[name] = value;
  }
  return { accepted, refused };
}

function valueRefusal(field: FieldSpec, value: unknown): string | null {
  const expected = fieldValueProblem(field, value);
  return expected ? `must be ${expected}` : null;
}

/** The email accepted contact values would give the contact, lower-cased, when it is a new one; else null. */
export function newContactEmail(values: Record<string, unknown>, contact: { email: string | null }): string | null {
  const email = typeof values.email === 'string' ? values.email.toLowerCase() : null;
  return email !== null && email !== contact.email ? email : null;
}

/** What a fields update does to the chat's contact. */
export interface ContactPlan {
  /** The known contact this session's contact merges into, or null. */
  mergeInto: string | null;
  /** The values applied: written to the contact, or on a merge only the matching email. */
  values: Record<string, unknown>;
  refused: RefusedField[];
}

/**
 * The contact rules of SPEC §3, once the store has said which verified contact, if any, already
 * has the new email (`emailOwner`):
 * - an unverified visitor whose email matches a known contact is merged into it, and gets no say
 *   over that contact's other details;
 * - two known contacts are never merged, and no verified contact takes another's email;
 * - otherwise the values apply.
 */
export function planContactUpdate(args: {
  values: Record<string, unknown>;
  contactVerified: boolean;
  authenticated: boolean;
  emailOwner: string | null;
}): ContactPlan {
  const { values, emailOwner } = args;
  if (emailOwner && !args.contactVerified && !args.authenticated) {
    const refused = Object.keys(values)
      .filter((name) => name !== 'email')
      .map((name): RefusedField => ({ entity: 'contact', name, reason: FIELD_REFUSALS.verifiedContact }));
    return { mergeInto: emailOwner, values: { email: values.email }, refused };
  }
  if (emailOwner && args.contactVerified) {
    const rest = { ...values };
    delete rest.email;
    return { mergeInto: null, values: rest, refused: [{ entity: 'contact', name: 'email', reason: FIELD_REFUSALS.emailTaken }] };
  }
  return { mergeInto: null, values, refused: [] };
}

/**
 * The email a chat start gives a contact identified by unique_external_id, from its token's
 * contactProperties: kept unless another verified contact already has it (`owner`, by email).
 */
export function tokenEmailKept(externalId: string, owner: { uniqueExternalId: string | null } | undefined): boolean {
  return !owner || owner.uniqueExternalId === externalId;
}
