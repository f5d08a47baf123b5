import { Fragment } from 'react';
import type { Provenance } from '../../../shared/schemas/conversation.ts';
import type { Contact, DroppedFieldInfo, TicketDetail } from '../../../shared/schemas/tickets.ts';
import { REJECTION_CODES, REJECTION_MESSAGES, type RejectionCode } from '../../../shared/token/codes.ts';
import { Badge } from '../../ui/Badge.tsx';
import { ProvenanceMark } from './provenance.tsx';

/** How agents see a contact in one line: name, then email or customer id, else anonymous. */
export function contactLabel(contact: Pick<Contact, 'name' | 'email' | 'uniqueExternalId'>): string {
  const id = contact.email ?? (contact.uniqueExternalId ? `customer ${contact.uniqueExternalId}` : null);
  if (contact.name && id) return `${contact.name} (${id})`;
  return contact.name ?? id ?? 'Anonymous visitor';
}

/** The same line, with an email that breaks after its @ in a narrow column. */
export function ContactLabel({ contact }: { contact: Pick<Contact, 'name' | 'email' | 'uniqueExternalId'> }) {
  if (!contact.email) return contactLabel(contact);
  if (!contact.name) return <Email address={contact.email} />;
  return (
    <>
      {contact.name} (<Email address={contact.email} />)
    </>
  );
}

/** An email that may break after its @ (and anywhere, as a last resort) in a narrow column. */
export function Email({ address }: { address: string }) {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  return (
    <>
      {address.slice(0, at + 1)}
      <wbr />
      {address.slice(at + 1)}
    </>
  );
}

/** The tag on a chat whose visitor had no valid token (SPEC §1). Verified chats carry nothing. */
export function UnauthenticatedTag() {
  return <Badge tone="warning">Unauthenticated session</Badge>;
}

/** A chat an admin started from the token tester: not a real visitor. */
export function TestChatTag() {
  return <Badge tone="info">Test chat</Badge>;
}

const isRejectionCode = (code: string): code is RejectionCode => (REJECTION_CODES as readonly string[]).includes(code);
const sentence = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');

/** Why an unverified visitor is unverified, as a sentence for agents (no codes). */
export function verificationSentence(verification: TicketDetail['verification']): string {
  const tail = 'this widget lets them chat unverified.';
  if (verification === 'unauthenticated' || verification === 'TOKEN_MISSING') return `The visitor's browser sent no token from your site; ${tail}`;
  if (isRejectionCode(verification)) return `The visitor's token was refused (${sentence(REJECTION_MESSAGES[verification])}); ${tail}`;
  return `The visitor's token could not be verified; ${tail}`;
}

/** What became of a token field that did not land, in one sentence. */
export function droppedFieldSentence(field: DroppedFieldInfo): string {
  switch (field.reason) {
    case 'email_in_use':
      return 'The email in the token was not applied: another contact already has that address.';
    case 'not_in_catalog':
      return `The ${field.entity} field “${field.name}” in the token was not applied: the field catalog has no ${field.entity} field by that name.`;
  }
}

/**
 * Label and value pairs of a description list, in the order given; after each value, where it
 * came from when that is known (`provenance` by the value's API name).
 */
export function FieldRows({
  rows,
  provenance = {},
}: {
  rows: readonly { name: string; label: string; value: unknown }[];
  provenance?: Readonly<Record<string, Provenance>>;
}) {
  return rows.map(({ name, label, value }) => (
    <Fragment key={name}>
      <dt>{label}</dt>
      <dd>
        <span>{name === 'email' && typeof value === 'string' ? <Email address={value} /> : displayValue(value)}</span>
        <ProvenanceMark provenance={provenance[name]} />
      </dd>
    </Fragment>
  ));
}

function displayValue(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return JSON.stringify(value);
}
