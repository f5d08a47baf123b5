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
    expect(screen.getByText(/their token was refused: TOKEN_EXPIRED/)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Contact' })).getByText('Anonymous visitor')).toBeTruthy();
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
});
