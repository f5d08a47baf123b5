import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createContact, createTicket, widgetNamed } from '../../../server/store/factories.ts';
import type { TestServer } from '../../test/app.ts';
import { renderSignedIn } from '../../test/render.tsx';
import TicketPage from './TicketPage.tsx';
import TicketsPage from './TicketsPage.tsx';

/** A verified chat (Ada, t1) and a refused token's unauthenticated chat (t2, newer). */
async function givenTwoChats({ db, accountId }: TestServer) {
  const widgetId = (await widgetNamed(db, 'Website chat')).id;
  const ada = await createContact(db, accountId, { name: 'Ada Lovelace', email: 'ada@example.com', verified: true, properties: { cf_customer_tier: 'Gold' } });
  const anonymous = await createContact(db, accountId);
  const verified = await createTicket(
    db,
    { accountId, widgetId, contactId: ada.id },
    { authenticated: true, subject: 'Invoice twice', properties: { cf_plan: 'Pro' }, createdAt: new Date('2026-11-20T10:00:00Z') },
  );
  const refused = await createTicket(
    db,
    { accountId, widgetId, contactId: anonymous.id },
    { verification: 'TOKEN_EXPIRED', subject: 'Shipping?', createdAt: new Date('2026-11-21T10:00:00Z') },
  );
  return { verified, refused };
}

describe('Tickets', () => {
  it('tags unauthenticated chats and nothing else, newest first', async () => {
    await renderSignedIn(<TicketsPage />, { role: 'agent', given: givenTwoChats });
    const rows = await screen.findAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Subject'),
      expect.stringMatching(/Shipping\?Unauthenticated session.*Anonymous visitor/),
      expect.stringMatching(/^Invoice twiceAda Lovelace \(ada@example\.com\)/),
    ]);
  });

  it('filters to verified or unauthenticated chats', async () => {
    const { user } = await renderSignedIn(<TicketsPage />, { role: 'agent', given: givenTwoChats });
    await screen.findByText('Invoice twice');
    await user.click(screen.getByRole('button', { name: 'Unauthenticated' }));
    expect(await screen.findByText('Shipping?')).toBeTruthy();
    expect(screen.queryByText('Invoice twice')).toBeNull();
  });

  it('says so when there are no tickets yet', async () => {
    await renderSignedIn(<TicketsPage />, { role: 'agent' });
    expect(await screen.findByText(/No tickets yet/)).toBeTruthy();
  });

  it('shows a ticket with its contact card; an unauthenticated one says why it is not verified', async () => {
    await renderSignedIn(<TicketPage />, {
      role: 'agent',
      route: 'tickets/:ticketId',
      path: async (server) => `/tickets/${(await givenTwoChats(server)).refused.id}`,
    });
    expect(await screen.findByRole('heading', { name: 'Shipping?', level: 1 })).toBeTruthy();
    expect(screen.getByText('Unauthenticated session')).toBeTruthy();
    expect(screen.getByText(/The visitor's token was refused \(the token has expired\); this widget lets them chat unverified\./)).toBeTruthy();
    expect(screen.queryByText(/TOKEN_EXPIRED/)).toBeNull();
    expect(await within(screen.getByRole('region', { name: 'Contact' })).findByText('Anonymous visitor')).toBeTruthy();
  });

  it('shows a verified ticket without a tag, with catalog labels for its fields', async () => {
    await renderSignedIn(<TicketPage />, {
      role: 'agent',
      route: 'tickets/:ticketId',
      path: async (server) => `/tickets/${(await givenTwoChats(server)).verified.id}`,
    });
    expect(await screen.findByRole('heading', { name: 'Invoice twice', level: 1 })).toBeTruthy();
    expect(screen.queryByText('Unauthenticated session')).toBeNull();
    const contact = screen.getByRole('region', { name: 'Contact' });
    expect(await within(contact).findByText('Customer tier')).toBeTruthy();
    expect(within(contact).getByText('Gold')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Conversation' })).getByText('Pro')).toBeTruthy();
  });

  it('marks test chats in the list', async () => {
    const given = async ({ db, accountId }: TestServer) => {
      const widgetId = (await widgetNamed(db, 'Website chat')).id;
      const contact = await createContact(db, accountId, { email: 'ada@example.com', verified: true });
      return createTicket(db, { accountId, widgetId, contactId: contact.id }, { authenticated: true, test: true, subject: 'Trying the token' });
    };
    await renderSignedIn(<TicketsPage />, { role: 'agent', given });
    expect((await screen.findByRole('row', { name: /Trying the token/ })).textContent).toContain('Test chat');
  });

  describe('the contact card', () => {
    /** A ticket of a contact who came with an email only, with the fields and drops given. */
    const ticketOf = (contact: Parameters<typeof createContact>[2], ticket: Parameters<typeof createTicket>[2] = {}) =>
      async (server: TestServer) => {
        const widgetId = (await widgetNamed(server.db, 'Website chat')).id;
        const row = await createContact(server.db, server.accountId, contact);
        return `/tickets/${(await createTicket(server.db, { accountId: server.accountId, widgetId, contactId: row.id }, { authenticated: true, subject: 'Where is my parcel?', ...ticket })).id}`;
      };
    const openTicket = (path: (server: TestServer) => Promise<string>) =>
      renderSignedIn(<TicketPage />, { role: 'agent', route: 'tickets/:ticketId', path });
    const terms = (region: HTMLElement) => within(region).getAllByRole('term').map((t) => t.textContent);

    it('names a contact known by email alone by that email, not "Anonymous visitor"', async () => {
      await openTicket(ticketOf({ email: 'ada.lovelace@analytical-engines.example', verified: true }));
      const contact = await screen.findByRole('region', { name: 'Contact' });
      await within(contact).findByText('ada.lovelace@analytical-engines.example');
      expect(contact.textContent).not.toContain('Anonymous visitor');
      expect(terms(contact)).toEqual(['Email']);
      expect(contact.textContent).toContain('Verified by your site’s signed token.');
      // The address may break after its @ in a narrow column.
      expect(within(contact).getByText('ada.lovelace@analytical-engines.example').innerHTML).toBe('ada.lovelace@<wbr>analytical-engines.example');
    });

    it('lists the contact fields in the catalog order, with the catalog labels', async () => {
      await openTicket(
        ticketOf({
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          verified: true,
          properties: { cf_customer_tier: 'Gold', job_title: 'Analyst', mobile: '+44 20 7946 0000', cf_shoe_size: 38 },
        }),
      );
      const contact = await screen.findByRole('region', { name: 'Contact' });
      await within(contact).findByText('Gold');
      expect(terms(contact)).toEqual(['Full name', 'Email', 'Mobile phone', 'Job title', 'Customer tier', 'cf_shoe_size']);
    });

    it('says, in a sentence each, which token fields were not applied and why', async () => {
      await openTicket(
        ticketOf(
          { email: 'ada@example.com', verified: true },
          {
            droppedFields: [
              { entity: 'contact', name: 'cf_shoe_size', reason: 'not_in_catalog' },
              { entity: 'ticket', name: 'cf_colour', reason: 'not_in_catalog' },
              { entity: 'contact', name: 'email', reason: 'email_in_use' },
            ],
          },
        ),
      );
      const dropped = await screen.findByRole('region', { name: 'Token fields not applied' });
      expect(within(dropped).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
        'The contact field “cf_shoe_size” in the token was not applied: the field catalog has no contact field by that name.',
        'The ticket field “cf_colour” in the token was not applied: the field catalog has no ticket field by that name.',
        'The email in the token was not applied: another contact already has that address.',
      ]);
    });

    it('shows no such list when every token field landed', async () => {
      await openTicket(ticketOf({ email: 'ada@example.com', verified: true }));
      await screen.findByRole('region', { name: 'Contact' });
      expect(screen.queryByRole('region', { name: 'Token fields not applied' })).toBeNull();
    });

    it('says a test chat is one on the ticket', async () => {
      await openTicket(ticketOf({ email: 'ada@example.com', verified: true }, { test: true }));
      expect(await screen.findByText('Test chat')).toBeTruthy();
      expect(screen.getByText(/started this chat from the token tester/)).toBeTruthy();
    });

    it('tells agents in plain words that a visitor came without a token', async () => {
      await openTicket(ticketOf({}, { authenticated: false, verification: 'unauthenticated' }));
      expect(await screen.findByText(/The visitor's browser sent no token from your site; this widget lets them chat unverified\./)).toBeTruthy();
      const contact = screen.getByRole('region', { name: 'Contact' });
      expect(await within(contact).findByText('Anonymous visitor')).toBeTruthy();
    });
  });
});
