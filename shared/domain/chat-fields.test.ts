import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import {
  assertChatStillEditable,
  assertMayEditChat,
  FIELD_REFUSALS,
  fieldRefusal,
  newContactEmail,
  planContactUpdate,
  sortFieldValues,
  tokenEmailKept,
  type FieldEditor,
} from './chat-fields.ts';
import type { FieldSpec } from './field-values.ts';

const allowlist = { ticketFields: new Set(['subject']), contactFields: new Set(['name', 'email']) };
const visitor: FieldEditor = { aiAgent: false, authenticated: false, contactVerified: false, allowlist };
const signedIn: FieldEditor = { ...visitor, authenticated: true, contactVerified: true };
const aiAgent: FieldEditor = { ...visitor, aiAgent: true };

const ticketCatalog: FieldSpec[] = [
  { name: 'subject', type: 'text' },
  { name: 'priority', type: 'priority' },
];
const contactCatalog: FieldSpec[] = [
  { name: 'name', type: 'text' },
  { name: 'email', type: 'email' },
  { name: 'job_title', type: 'text' },
];

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('who may change a chat', () => {
  it('lets a visitor in with the secret chat start gave them, and refuses a wrong one with UNAUTHORIZED', () => {
    expect(codeOf(() => assertMayEditChat({ actor: 'visitor', secretMatches: true }, { accountId: 'a' }))).toBeNull();
    expect(codeOf(() => assertMayEditChat({ actor: 'visitor', secretMatches: false }, { accountId: 'a' }))).toBe('UNAUTHORIZED');
  });

  it('lets only an admin or API key of the chat’s account act as the AI agent', () => {
    const asAgent = (principal: { role: 'admin' | 'agent'; accountId: string } | null) =>
      codeOf(() => assertMayEditChat({ actor: 'ai_agent', principal }, { accountId: 'a' }));
    expect(asAgent({ role: 'admin', accountId: 'a' })).toBeNull();
    expect(asAgent({ role: 'agent', accountId: 'a' })).toBe('FORBIDDEN');
    expect(asAgent({ role: 'admin', accountId: 'b' })).toBe('FORBIDDEN');
    expect(asAgent(null)).toBe('FORBIDDEN');
  });

  it('stops an unauthenticated chat from changing anything once its widget enforces sign-in, but not an AI agent', () => {
    expect(codeOf(() => assertChatStillEditable({ aiAgent: false, authenticated: false }, 'enforced'))).toBe('FORBIDDEN');
    expect(codeOf(() => assertChatStillEditable({ aiAgent: false, authenticated: false }, 'not_enforced'))).toBeNull();
    expect(codeOf(() => assertChatStillEditable({ aiAgent: false, authenticated: true }, 'enforced'))).toBeNull();
    expect(codeOf(() => assertChatStillEditable({ aiAgent: true, authenticated: false }, 'enforced'))).toBeNull();
  });
});

describe('which fields an editor may set', () => {
  it('holds unauthenticated visitors to the widget’s allowlist, field by field', () => {
    expect(fieldRefusal(visitor, 'ticket', 'subject')).toBeNull();
    expect(fieldRefusal(visitor, 'ticket', 'priority')).toBe(FIELD_REFUSALS.notAllowlisted);
    expect(fieldRefusal(visitor, 'contact', 'job_title')).toBe(FIELD_REFUSALS.notAllowlisted);
  });

  it('never lets an unauthenticated visitor change a verified contact, even an allowlisted field', () => {
    expect(fieldRefusal({ ...visitor, contactVerified: true }, 'contact', 'name')).toBe(FIELD_REFUSALS.verifiedContact);
  });

  it('lets a signed-in visitor fill in anything but their email, which comes from their token', () => {
    expect(fieldRefusal(signedIn, 'ticket', 'priority')).toBeNull();
    expect(fieldRefusal(signedIn, 'contact', 'job_title')).toBeNull();
    expect(fieldRefusal(signedIn, 'contact', 'email')).toBe(FIELD_REFUSALS.identityFromToken);
  });

  it('exempts AI agents from the allowlist', () => {
    expect(fieldRefusal(aiAgent, 'ticket', 'priority')).toBeNull();
    expect(fieldRefusal({ ...aiAgent, contactVerified: true }, 'contact', 'email')).toBeNull();
  });

  it('refuses unknown fields and values of the wrong type, and accepts the rest', () => {
    const sorted = sortFieldValues(aiAgent, 'ticket', { subject: 'Refund', priority: 9, shoe_size: 42 }, ticketCatalog);
    expect(sorted.accepted).toEqual({ subject: 'Refund' });
    expect(sorted.refused).toEqual([
      { entity: 'ticket', name: 'priority', reason: 'must be an integer from 1 (low) to 4 (urgent)' },
      { entity: 'ticket', name: 'shoe_size', reason: FIELD_REFUSALS.unknown },
    ]);
  });

  it('reports a field the editor may not set before looking at its value', () => {
    const sorted = sortFieldValues(visitor, 'contact', { job_title: 7 }, contactCatalog);
    expect(sorted.refused).toEqual([{ entity: 'contact', name: 'job_title', reason: FIELD_REFUSALS.notAllowlisted }]);
  });
});

describe('contacts', () => {
  it('asks who owns an email only when the update gives the contact a new one', () => {
    expect(newContactEmail({ email: 'Ada@Example.com' }, { email: null })).toBe('ada@example.com');
    expect(newContactEmail({ email: 'ADA@example.com' }, { email: 'ada@example.com' })).toBeNull();
    expect(newContactEmail({ name: 'Ada' }, { email: null })).toBeNull();
  });

  it('merges a visitor whose email matches a known contact into it, with no say over its other details', () => {
    const plan = planContactUpdate({ values: { name: 'Mallory', email: 'ada@example.com' }, contactVerified: false, authenticated: false, emailOwner: 'c_ada' });
    expect(plan).toEqual({
      mergeInto: 'c_ada',
      values: { email: 'ada@example.com' },
      refused: [{ entity: 'contact', name: 'name', reason: FIELD_REFUSALS.verifiedContact }],
    });
  });

  it('never merges two existing contacts, nor gives a verified contact another’s email', () => {
    const plan = planContactUpdate({ values: { email: 'b@example.com', job_title: 'CTO' }, contactVerified: true, authenticated: false, emailOwner: 'c_b' });
    expect(plan).toEqual({ mergeInto: null, values: { job_title: 'CTO' }, refused: [{ entity: 'contact', name: 'email', reason: FIELD_REFUSALS.emailTaken }] });
  });

  it('applies the values when no other contact has the email', () => {
    const values = { name: 'Ada', email: 'ada@example.com' };
    expect(planContactUpdate({ values, contactVerified: false, authenticated: false, emailOwner: null })).toEqual({ mergeInto: null, values, refused: [] });
  });

  it('keeps a token’s email for its contact unless another verified contact has it', () => {
    expect(tokenEmailKept('u-1', undefined)).toBe(true);
    expect(tokenEmailKept('u-1', { uniqueExternalId: 'u-1' })).toBe(true);
    expect(tokenEmailKept('u-1', { uniqueExternalId: 'u-2' })).toBe(false);
    expect(tokenEmailKept('u-1', { uniqueExternalId: null })).toBe(false);
  });
});
