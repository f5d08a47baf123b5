import { screen, waitFor, within } from '@testing-library/react';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createContact, createTicket, widgetNamed } from '../../../server/store/factories.ts';
import { chatMessages, chatSessions } from '../../../server/store/schema.ts';
import type { Db } from '../../../server/store/types.ts';
import type { TestServer } from '../../test/app.ts';
import { renderSignedIn } from '../../test/render.tsx';
import TicketPage from './TicketPage.tsx';

const AT = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute));

interface ChatSpec {
  contact?: Parameters<typeof createContact>[2];
  ticket?: Parameters<typeof createTicket>[2];
  /** The session's person (`email:…`), or null for an anonymous chat. */
  identity?: string | null;
  ended?: 'ended' | 'revoked';
  messages?: { author: 'visitor' | 'agent'; text: string; authenticated?: boolean; authorName?: string }[];
}

/** A chat as chat start and the session routes leave it: contact, ticket, session and its messages. */
async function givenChat({ db, accountId }: TestServer, spec: ChatSpec = {}) {
  const widgetId = (await widgetNamed(db, 'Website chat')).id;
  const contact = await createContact(db, accountId, spec.contact ?? { name: 'Ada Lovelace', email: 'ada@example.com', verified: true });
  const ticket = await createTicket(db, { accountId, widgetId, contactId: contact.id }, { authenticated: true, subject: 'Charged twice', createdAt: AT(0), ...spec.ticket });
  const sessionId = await openSession(db, { accountId, widgetId, contactId: contact.id, ticketId: ticket.id }, spec.identity === undefined ? 'email:ada@example.com' : spec.identity);
  if (spec.ended) await db.update(chatSessions).set({ endedAt: AT(30), endReason: spec.ended }).where(eq(chatSessions.id, sessionId));
  for (const [i, m] of (spec.messages ?? []).entries()) {
    await addMessage(db, { sessionId, ticketId: ticket.id }, { ...m, createdAt: AT(i + 1) });
  }
  return { contact, ticket, sessionId };
}

async function openSession(db: Db, ids: { accountId: string; widgetId: string; contactId: string; ticketId: string }, identity: string | null) {
  const id = crypto.randomUUID();
  await db.insert(chatSessions).values({
    id,
    ...ids,
    authenticated: identity !== null,
    kid: null,
    secretHash: 'not-a-secret',
    createdAt: AT(0),
    identity,
    tokenExpiresAt: identity ? new Date(Date.now() + 3_600_000) : null,
  });
  return id;
}

async function addMessage(
  db: Db,
  ids: { sessionId: string; ticketId: string },
  m: { author: 'visitor' | 'agent'; text: string; authenticated?: boolean; authorName?: string; createdAt?: Date },
) {
  await db.insert(chatMessages).values({
    id: crypto.randomUUID(),
    ...ids,
    author: m.author,
    authorName: m.author === 'agent' ? (m.authorName ?? 'Sam Agent') : null,
    authorUserId: null,
    body: m.text,
    authenticated: m.authenticated ?? true,
    createdAt: m.createdAt ?? new Date(),
  });
}

const openTicket = (spec: ChatSpec, role: 'admin' | 'agent' = 'agent') =>
  renderSignedIn(<TicketPage />, {
    role,
    route: 'tickets/:ticketId',
    path: async (server) => `/tickets/${(await givenChat(server, spec)).ticket.id}`,
  });

const messages = async () => within(await screen.findByRole('log', { name: 'Messages' })).getAllByRole('listitem');
const contactCard = () => screen.findByRole('region', { name: 'Contact' });
/** A description list's values by their labels. */
const valuesOf = (region: HTMLElement) =>
  Object.fromEntries(within(region).getAllByRole('term').map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? '']));

describe('The ticket page', () => {
  describe('the conversation', () => {
    it('shows the messages oldest first, each visitor message marked Verified or Not verified, replies by their agent', async () => {
      await openTicket({
        messages: [
          { author: 'visitor', text: 'I was charged twice', authenticated: true },
          { author: 'agent', text: 'Sorry about that, looking now', authorName: 'Sam Agent' },
          { author: 'visitor', text: 'Order 10452, in case it helps', authenticated: false },
        ],
      });
      const items = await messages();
      expect(items.map((li) => li.textContent)).toEqual([
        expect.stringMatching(/^Ada LovelaceVisitor.*VerifiedI was charged twice$/),
        expect.stringMatching(/^Sam AgentAgent.*Sorry about that, looking now$/),
        expect.stringMatching(/^Ada LovelaceVisitor.*Not verifiedOrder 10452, in case it helps$/),
      ]);
      // Replies carry no verification mark: only what the visitor sends is verified or not.
      expect(within(items[1] as HTMLElement).queryByText(/verified/i)).toBeNull();
      // The time in the admin's zone, the UTC time on hover.
      const time = within(items[0] as HTMLElement).getByText((_, el) => el?.tagName === 'TIME');
      expect(time.getAttribute('dateTime')).toBe('2026-11-20T10:01:00.000Z');
      expect(time.getAttribute('title')).toBe('2026-11-20 10:01:00 UTC');
    });

    it('says "No messages yet" for a chat nobody has written in', async () => {
      await openTicket({});
      expect(await screen.findByText(/^No messages yet\./)).toBeTruthy();
      expect(screen.queryByRole('log')).toBeNull();
    });

    it('shows a visitor message that arrives while the page is open, without a reload', async () => {
      let chat: { sessionId: string; ticketId: string } | undefined;
      const { db } = await renderSignedIn(<TicketPage />, {
        role: 'agent',
        route: 'tickets/:ticketId',
        path: async (server) => {
          const made = await givenChat(server, { messages: [{ author: 'visitor', text: 'Hello?' }] });
          chat = { sessionId: made.sessionId, ticketId: made.ticket.id };
          return `/tickets/${made.ticket.id}`;
        },
      });
      await screen.findByText('Hello?');
      if (!chat) throw new Error('the chat was not made');
      await addMessage(db, chat, { author: 'visitor', text: 'Is anyone there?', authenticated: false });
      expect(await screen.findByText('Is anyone there?', {}, { timeout: 6_000 })).toBeTruthy();
      expect((await messages()).at(-1)?.textContent).toContain('Not verified');
    });
  });

  describe('the reply', () => {
    it('sends a reply, shows it in the conversation and empties the box', async () => {
      const { user, db } = await openTicket({ messages: [{ author: 'visitor', text: 'I was charged twice' }] });
      const box = await screen.findByRole('textbox', { name: 'Reply' });
      await user.type(box, 'Refunded, it shows in 3 days');
      await user.click(screen.getByRole('button', { name: 'Send reply' }));
      await waitFor(async () => expect((await messages()).map((li) => li.textContent)).toHaveLength(2));
      expect((await messages())[1]?.textContent).toMatch(/^Sam AgentAgent.*Refunded, it shows in 3 days$/);
      expect((box as HTMLTextAreaElement).value).toBe('');
      const stored = await db.select().from(chatMessages).orderBy(asc(chatMessages.seq));
      expect(stored.map((m) => [m.author, m.body])).toEqual([
        ['visitor', 'I was charged twice'],
        ['agent', 'Refunded, it shows in 3 days'],
      ]);
    });

    it('sends with Ctrl+Enter', async () => {
      const { user } = await openTicket({});
      await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'On it');
      await user.keyboard('{Control>}{Enter}{/Control}');
      expect(await within(await screen.findByRole('log', { name: 'Messages' })).findByText('On it')).toBeTruthy();
    });

    it('refuses an empty reply next to the box and sends nothing', async () => {
      const { user, db } = await openTicket({});
      await user.type(await screen.findByRole('textbox', { name: 'Reply' }), '   ');
      await user.click(screen.getByRole('button', { name: 'Send reply' }));
      expect(await screen.findByText('Type a message first')).toBeTruthy();
      expect(screen.getByRole('textbox', { name: 'Reply' }).getAttribute('aria-invalid')).toBe('true');
      expect(await db.select().from(chatMessages)).toEqual([]);
    });

    it.each([
      ['ended', 'The visitor ended this chat'],
      ['revoked', 'Signed out by an admin'],
    ] as const)('is closed, saying why, once the session is %s', async (ended, why) => {
      await openTicket({ ended, messages: [{ author: 'visitor', text: 'Bye' }] });
      const box = await screen.findByRole('textbox', { name: 'Reply' });
      expect((box as HTMLTextAreaElement).disabled).toBe(true);
      expect((screen.getByRole('button', { name: 'Send reply' }) as HTMLButtonElement).disabled).toBe(true);
      const reason = screen.getByText(new RegExp(`^${why}`));
      expect(reason.textContent).toContain('Replies can no longer reach them.');
      expect(box.getAttribute('aria-describedby')).toContain(reason.id);
    });

    it('shows the refusal when the chat ended after the page loaded, then closes the form', async () => {
      let sessionId = '';
      const { user, db } = await renderSignedIn(<TicketPage />, {
        role: 'agent',
        route: 'tickets/:ticketId',
        path: async (server) => {
          const made = await givenChat(server, {});
          sessionId = made.sessionId;
          return `/tickets/${made.ticket.id}`;
        },
      });
      await user.type(await screen.findByRole('textbox', { name: 'Reply' }), 'Still there?');
      await db.update(chatSessions).set({ endedAt: new Date(), endReason: 'ended' }).where(eq(chatSessions.id, sessionId));
      await user.click(screen.getByRole('button', { name: 'Send reply' }));
      expect((await screen.findByRole('alert')).textContent).toMatch(/^The reply was not sent\. This chat has ended/);
      expect(await screen.findByText(/^The visitor ended this chat/)).toBeTruthy();
      expect((screen.getByRole('textbox', { name: 'Reply' }) as HTMLTextAreaElement).value).toBe('Still there?');
      expect(await db.select().from(chatMessages)).toEqual([]);
    });
  });

  describe('the contact card', () => {
    it('marks each value with where it came from and when, and values without a source with nothing', async () => {
      const setAt = '2026-11-20T10:00:00.000Z';
      await openTicket({
        contact: {
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          verified: true,
          properties: { cf_customer_tier: 'Gold', job_title: 'Analyst', language: 'en' },
          provenance: {
            email: { source: 'token', setAt },
            name: { source: 'token', setAt },
            job_title: { source: 'visitor', setAt: '2026-11-20T10:05:00.000Z' },
            cf_customer_tier: { source: 'ai_agent', setAt },
          },
        },
        ticket: { priority: 3, properties: { cf_plan: 'Pro', cf_order_number: '10452' }, provenance: { priority: { source: 'token', setAt }, cf_order_number: { source: 'visitor', setAt } } },
      });
      const contact = await contactCard();
      await within(contact).findByText('Gold');
      const values = valuesOf(contact);
      expect(values['Full name']).toMatch(/^Ada LovelaceFrom token · verified/);
      expect(values['Email']).toMatch(/^ada@example\.comFrom token · verified/);
      expect(values['Job title']).toMatch(/^AnalystTyped by visitor · not verified/);
      expect(values['Customer tier']).toMatch(/^GoldSet by AI agent/);
      expect(values['Language']).toBe('en');
      const when = within(contact).getAllByText((_, el) => el?.tagName === 'TIME');
      expect(when.map((t) => t.getAttribute('title'))).toContain('2026-11-20 10:05:00 UTC');

      const fields = screen.getByRole('region', { name: 'Ticket fields' });
      await within(fields).findByText(/^Pro/);
      const ticketValues = valuesOf(fields);
      expect(ticketValues['Priority']).toMatch(/^HighFrom token · verified/);
      expect(ticketValues['Order number']).toMatch(/^10452Typed by visitor · not verified/);
      expect(ticketValues['Plan']).toBe('Pro');
      expect(ticketValues['Status']).toBe('Open');
    });

    it('marks the customer id of a contact known by unique_external_id', async () => {
      await openTicket({
        contact: { uniqueExternalId: 'cust-1906', name: 'Grace Hopper', verified: true, provenance: { unique_external_id: { source: 'token', setAt: '2026-11-20T10:00:00.000Z' } } },
        identity: 'external:cust-1906',
      });
      const contact = await contactCard();
      await within(contact).findByText('Grace Hopper');
      expect(valuesOf(contact)['Customer id']).toMatch(/^cust-1906From token · verified/);
    });

    it('warns when an unverified visitor claims a verified customer’s email', async () => {
      await renderSignedIn(<TicketPage />, {
        role: 'agent',
        route: 'tickets/:ticketId',
        path: async (server) => {
          await createContact(server.db, server.accountId, { name: 'Ada Lovelace', email: 'ada@example.com', verified: true });
          const chat = await givenChat(server, {
            contact: {
              name: 'Ada Lovelace',
              email: 'ada@example.com',
              verified: false,
              provenance: { name: { source: 'visitor', setAt: '2026-11-20T10:02:00.000Z' }, email: { source: 'visitor', setAt: '2026-11-20T10:02:00.000Z' } },
            },
            ticket: { authenticated: false, verification: 'unauthenticated' },
            identity: null,
            messages: [{ author: 'visitor', text: 'Reset my password please', authenticated: false }],
          });
          return `/tickets/${chat.ticket.id}`;
        },
      });
      const contact = await contactCard();
      expect(await within(contact).findByText(/Claims to be/)).toBeTruthy();
      expect(contact.textContent).toContain('Claims to be ada@example.com — not verified.');
      expect(valuesOf(contact)['Email']).toMatch(/^ada@example\.comTyped by visitor · not verified/);
      expect(contact.textContent).toContain('Details given by the visitor, not verified.');
      // The typed name does not sign the visitor's messages.
      expect((await messages())[0]?.textContent).toMatch(/^Visitor.*Not verifiedReset my password please$/);
      expect(within(await screen.findByRole('log')).queryByText('Ada Lovelace')).toBeNull();
    });

    it('shows no claim for a verified visitor', async () => {
      await openTicket({});
      const contact = await contactCard();
      await within(contact).findByText('ada@example.com');
      expect(contact.textContent).not.toContain('Claims to be');
    });
  });

  describe('sign out everywhere', () => {
    /** Ada's ticket, and a second open chat of hers on another ticket. */
    const adaWithTwoChats = async (server: TestServer) => {
      const chat = await givenChat(server, {});
      const widgetId = (await widgetNamed(server.db, 'Website chat')).id;
      const other = await createTicket(server.db, { accountId: server.accountId, widgetId, contactId: chat.contact.id }, { authenticated: true, subject: 'Another question' });
      await openSession(server.db, { accountId: server.accountId, widgetId, contactId: chat.contact.id, ticketId: other.id }, 'email:ada@example.com');
      return `/tickets/${chat.ticket.id}`;
    };

    it('lets an admin end every open chat of a verified contact, after a confirmation, and says how many', async () => {
      const { user, db } = await renderSignedIn(<TicketPage />, { role: 'admin', route: 'tickets/:ticketId', path: adaWithTwoChats });
      const contact = await contactCard();
      await user.click(await within(contact).findByRole('button', { name: 'Sign out Ada Lovelace (ada@example.com) everywhere' }));
      const dialog = await screen.findByRole('dialog', { name: 'Sign out Ada Lovelace (ada@example.com) everywhere?' });
      expect(dialog.textContent).toContain('Every open chat of this person ends now');
      await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));
      expect(await screen.findByText('Signed out of 2 open chats.')).toBeTruthy();
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      const sessions = await db.select().from(chatSessions);
      expect(sessions.map((s) => s.endReason)).toEqual(['revoked', 'revoked']);
      // This ticket's chat is one of them: the reply form says so.
      expect(await screen.findByText(/^Signed out by an admin/)).toBeTruthy();
    });

    it('ends the chats a contact started under its customer id and under its email alike', async () => {
      const { user, db } = await renderSignedIn(<TicketPage />, {
        role: 'admin',
        route: 'tickets/:ticketId',
        path: async (server) => {
          const chat = await givenChat(server, {
            contact: { uniqueExternalId: 'cust-1906', email: 'grace@example.com', name: 'Grace Hopper', verified: true },
            identity: 'external:cust-1906',
          });
          const widgetId = (await widgetNamed(server.db, 'Website chat')).id;
          const other = await createTicket(server.db, { accountId: server.accountId, widgetId, contactId: chat.contact.id }, { authenticated: true, subject: 'By email' });
          await openSession(server.db, { accountId: server.accountId, widgetId, contactId: chat.contact.id, ticketId: other.id }, 'email:grace@example.com');
          return `/tickets/${chat.ticket.id}`;
        },
      });
      await user.click(await within(await contactCard()).findByRole('button', { name: 'Sign out Grace Hopper (grace@example.com) everywhere' }));
      await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out everywhere' }));
      expect(await screen.findByText('Signed out of 2 open chats.')).toBeTruthy();
      expect((await db.select().from(chatSessions)).map((s) => s.endReason)).toEqual(['revoked', 'revoked']);
    });

    it('signs out a contact known only by its customer id by that id', async () => {
      const { user, db } = await openTicket({ contact: { uniqueExternalId: 'cust-1906', name: 'Grace Hopper', verified: true }, identity: 'external:cust-1906' }, 'admin');
      await user.click(await within(await contactCard()).findByRole('button', { name: 'Sign out Grace Hopper (customer cust-1906) everywhere' }));
      await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Sign out everywhere' }));
      expect(await screen.findByText('Signed out of 1 open chat.')).toBeTruthy();
      expect((await db.select().from(chatSessions)).map((s) => s.endReason)).toEqual(['revoked']);
    });

    it('does nothing when the admin cancels', async () => {
      const { user, db } = await renderSignedIn(<TicketPage />, { role: 'admin', route: 'tickets/:ticketId', path: adaWithTwoChats });
      await user.click(await within(await contactCard()).findByRole('button', { name: /Sign out .* everywhere/ }));
      await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect((await db.select().from(chatSessions)).map((s) => s.endedAt)).toEqual([null, null]);
    });

    it('is not offered to agents', async () => {
      await openTicket({}, 'agent');
      const contact = await contactCard();
      await within(contact).findByText('ada@example.com');
      expect(within(contact).queryByRole('button', { name: /Sign out/ })).toBeNull();
    });

    it('is not offered for an unverified contact, whose typed email names nobody', async () => {
      await openTicket({ contact: { email: 'someone@example.com', verified: false }, ticket: { authenticated: false }, identity: null }, 'admin');
      const contact = await contactCard();
      await within(contact).findByText('someone@example.com');
      expect(within(contact).queryByRole('button', { name: /Sign out/ })).toBeNull();
    });
  });
});
