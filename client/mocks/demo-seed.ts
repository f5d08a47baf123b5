import { countOutcome } from './chat.ts';
import { randomId, type MockContact, type MockDb, type MockTicket } from './db.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface DemoChat {
  /** How long before the store's `now()` the chat started. */
  ago: number;
  widget: 0 | 1;
  /** The verified contact's key in CONTACTS, or null for an anonymous visitor. */
  contact: keyof typeof CONTACTS | null;
  /** `authenticated`, `unauthenticated`, or the code the token was refused with (not enforced widget). */
  verification: string;
  ticket: Pick<MockTicket, 'subject' | 'description' | 'status' | 'priority' | 'type' | 'properties'>;
}

const CONTACTS = {
  ada: {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    uniqueExternalId: null,
    properties: { cf_customer_tier: 'Gold', job_title: 'Analyst', language: 'en' },
  },
  grace: {
    name: 'Grace Hopper',
    email: 'grace@example.com',
    uniqueExternalId: 'cust-1906',
    properties: { cf_customer_tier: 'Platinum', cf_account_number: 'AC-1906', language: 'en' },
  },
  linus: {
    name: 'Linus Torvalds',
    email: 'linus@example.com',
    uniqueExternalId: null,
    properties: { cf_customer_tier: 'Standard', language: 'fi', state: 'Oregon' },
  },
} satisfies Record<string, Omit<MockContact, 'id' | 'verified'>>;

/** A week of chats, newest last: three verified visitors, two anonymous ones (one with an expired token). */
const CHATS: DemoChat[] = [
  {
    ago: 5 * DAY + 3 * HOUR,
    widget: 0,
    contact: 'ada',
    verification: 'authenticated',
    ticket: {
      subject: 'I was charged twice for order 10452',
      description: 'I was charged twice for order 10452\nBoth charges show on my card statement from Tuesday.',
      status: 'Resolved',
      priority: 3,
      type: 'Refund',
      properties: { cf_order_number: '10452', cf_plan: 'Pro' },
    },
  },
  {
    ago: 4 * DAY + 6 * HOUR,
    widget: 1,
    contact: null,
    verification: 'unauthenticated',
    ticket: {
      subject: 'Do you ship to Norway?',
      description: 'Do you ship to Norway?',
      status: 'Closed',
      priority: null,
      type: null,
      properties: {},
    },
  },
  {
    ago: 2 * DAY + 2 * HOUR,
    widget: 1,
    contact: 'grace',
    verification: 'authenticated',
    ticket: {
      subject: 'Export of all invoices for 2025',
      description: 'Export of all invoices for 2025\nOur auditors need every invoice as PDF.',
      status: 'Pending',
      priority: 2,
      type: 'Question',
      properties: { cf_plan: 'Enterprise' },
    },
  },
  {
    ago: 1 * DAY + 4 * HOUR,
    widget: 0,
    contact: null,
    verification: 'TOKEN_EXPIRED',
    ticket: {
      subject: 'Where is my order?',
      description: 'Where is my order?\nIt said two days and it has been a week.',
      status: 'Open',
      priority: null,
      type: null,
      properties: {},
    },
  },
  {
    ago: 2 * HOUR,
    widget: 0,
    contact: 'linus',
    verification: 'authenticated',
    ticket: {
      subject: 'The app crashes when I upload a photo',
      description: 'The app crashes when I upload a photo\nVersion 4.2 on Android, every time since the update.',
      status: 'Open',
      priority: 4,
      type: 'Incident',
      properties: { cf_plan: 'Growth' },
    },
  },
];

/**
 * Puts a handful of chats into a fresh store, as if visitors had chatted over the last six days:
 * verified contacts (Ada Lovelace by email, Grace Hopper by unique_external_id `cust-1906`, Linus
 * Torvalds) and anonymous visitors, their tickets on both widgets, readiness's counts for each
 * (per widget, UTC day and outcome), and the active key's last use; the widgets and the key are
 * dated a week back. Call once, on a new store.
 */
export function seedDemoChats(db: MockDb): void {
  const now = db.now().getTime();
  const contactIds = new Map<string, string>();
  let lastVerified: Date | null = null;
  for (const chat of CHATS) {
    const widget = db.widgets[chat.widget];
    if (!widget) throw new Error(`the demo seed needs widget ${chat.widget}`);
    const at = new Date(now - chat.ago);
    let contactId = chat.contact && contactIds.get(chat.contact);
    if (!contactId) {
      const contact: MockContact = chat.contact
        ? { id: randomId(), ...structuredClone(CONTACTS[chat.contact]), verified: true }
        : { id: randomId(), name: null, email: null, uniqueExternalId: null, verified: false, properties: {} };
      db.contacts.push(contact);
      contactId = contact.id;
      if (chat.contact) contactIds.set(chat.contact, contactId);
    }
    const authenticated = chat.verification === 'authenticated';
    db.tickets.push({
      id: randomId(),
      widgetId: widget.id,
      contactId,
      authenticated,
      verification: chat.verification,
      ...structuredClone(chat.ticket),
      createdAt: at,
    });
    countOutcome(db, widget.id, chat.verification, at);
    if (authenticated) lastVerified = at;
  }
  // The account was set up before its first chat: the widgets and the key date from a week ago.
  const setUp = new Date(now - 7 * DAY);
  for (const widget of db.widgets) if (widget.createdAt > setUp) widget.createdAt = setUp;
  const active = db.keys.find((k) => k.status === 'active');
  if (active) {
    if (active.createdAt > setUp) active.createdAt = setUp;
    if (lastVerified) active.lastUsedAt = lastVerified;
  }
}
