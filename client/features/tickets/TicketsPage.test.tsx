import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MockDb } from '../../mocks/db.ts';
import { renderSignedIn } from '../../test/render.tsx';
import TicketPage from './TicketPage.tsx';
import TicketsPage from './TicketsPage.tsx';

function givenTwoChats(db: MockDb) {
  const widgetId = db.widgets[0]?.id ?? '';
  db.contacts.push(
    { id: 'c1', name: 'Ada Lovelace', email: 'ada@example.com', uniqueExternalId: null, properties: { cf_customer_tier: 'Gold' } },
    { id: 'c2', name: null, email: null, uniqueExternalId: null, properties: {} },
  );
  const base = { widgetId, status: 'Open', priority: null, type: null, description: '' };
  db.tickets.push(
    { ...base, id: 't1', contactId: 'c1', authenticated: true, verification: 'authenticated', subject: 'Invoice twice', properties: { cf_plan: 'Pro' }, createdAt: new Date('2026-11-20T10:00:00Z') },
    { ...base, id: 't2', contactId: 'c2', authenticated: false, verification: 'TOKEN_EXPIRED', subject: 'Shipping?', properties: {}, createdAt: new Date('2026-11-21T10:00:00Z') },
  );
}

describe('Tickets', () => {
  it('tags unauthenticated chats and nothing else, newest first', async () => {
    renderSignedIn(<TicketsPage />, { role: 'agent', given: givenTwoChats });
    const rows = await screen.findAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('Subject'),
      expect.stringMatching(/Shipping\?Unauthenticated session.*Anonymous visitor/),
      expect.stringMatching(/^Invoice twiceAda Lovelace \(ada@example\.com\)/),
    ]);
  });

  it('filters to verified or unauthenticated chats', async () => {
    const { user } = renderSignedIn(<TicketsPage />, { role: 'agent', given: givenTwoChats });
    await screen.findByText('Invoice twice');
    await user.click(screen.getByRole('button', { name: 'Unauthenticated' }));
    expect(await screen.findByText('Shipping?')).toBeTruthy();
    expect(screen.queryByText('Invoice twice')).toBeNull();
  });

  it('says so when there are no tickets yet', async () => {
    renderSignedIn(<TicketsPage />, { role: 'agent' });
    expect(await screen.findByText(/No tickets yet/)).toBeTruthy();
  });

  it('shows a ticket with its contact card; an unauthenticated one says why it is not verified', async () => {
    renderSignedIn(<TicketPage />, { role: 'agent', given: givenTwoChats, route: 'tickets/:ticketId', path: '/tickets/t2' });
    expect(await screen.findByRole('heading', { name: 'Shipping?', level: 1 })).toBeTruthy();
    expect(screen.getByText('Unauthenticated session')).toBeTruthy();
    expect(screen.getByText(/their token was refused: TOKEN_EXPIRED/)).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Contact' })).getByText('Anonymous visitor')).toBeTruthy();
  });

  it('shows a verified ticket without a tag, with catalog labels for its fields', async () => {
    renderSignedIn(<TicketPage />, { role: 'agent', given: givenTwoChats, route: 'tickets/:ticketId', path: '/tickets/t1' });
    expect(await screen.findByRole('heading', { name: 'Invoice twice', level: 1 })).toBeTruthy();
    expect(screen.queryByText('Unauthenticated session')).toBeNull();
    const contact = screen.getByRole('region', { name: 'Contact' });
    expect(await within(contact).findByText('Customer tier')).toBeTruthy();
    expect(within(contact).getByText('Gold')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Conversation' })).getByText('Pro')).toBeTruthy();
  });
});
