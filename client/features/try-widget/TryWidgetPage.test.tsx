import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { updateWidget, widgetNamed } from '../../../server/store/factories.ts';
import { auditEvents, contacts, signingKeys, tickets, verificationDaily } from '../../../server/store/schema.ts';
import type { TestServer } from '../../test/app.ts';
import { renderSignedIn } from '../../test/render.tsx';
import TryWidgetPage from './TryWidgetPage.tsx';

const SIGNED_IN = 'Signed in as Ada Lovelace (token signed with the active key)';
const TAMPERED = 'Signed in, but the token was tampered with';
const ANONYMOUS = 'Not signed in (no token)';

async function startChat(visitor: string, options: { given?: (server: TestServer) => unknown; widget?: string; message?: string } = {}) {
  const view = await renderSignedIn(<TryWidgetPage />, { given: options.given });
  const { user } = view;
  await user.selectOptions(await screen.findByRole('combobox', { name: 'Widget' }), options.widget ?? 'Website chat');
  await user.click(within(screen.getByRole('radiogroup', { name: 'Visitor' })).getByRole('radio', { name: visitor }));
  if (options.message !== undefined) {
    await user.clear(screen.getByRole('textbox', { name: 'Message' }));
    if (options.message) await user.type(screen.getByRole('textbox', { name: 'Message' }), options.message);
  }
  await user.click(screen.getByRole('button', { name: 'Start chat' }));
  return view;
}

const enforceWebsiteChat = async ({ db }: TestServer) => updateWidget(db, (await widgetNamed(db, 'Website chat')).id, { enforcement: 'enforced' });

describe('Try the widget', () => {
  it('starts an authenticated chat for Ada with a token signed by the active key, and links its ticket', async () => {
    const { db, server } = await startChat(SIGNED_IN, { message: 'Where is my refund?' });
    expect(await screen.findByText('Chat started — authenticated')).toBeTruthy();
    expect(await screen.findByText('Ada Lovelace (ada@example.com)')).toBeTruthy();
    const [ticket] = await db.select().from(tickets);
    expect(ticket).toMatchObject({ authenticated: true, verification: 'authenticated', subject: 'Where is my refund?', priority: 2, properties: { cf_plan: 'Pro' } });
    expect(screen.getByRole('link', { name: 'Open the ticket' }).getAttribute('href')).toBe(`/tickets/${ticket?.id}`);
    expect(await db.select().from(contacts)).toEqual([expect.objectContaining({ name: 'Ada Lovelace', email: 'ada@example.com', verified: true })]);
    await server.app.runtime.flush();
    const [key] = await db.select().from(signingKeys);
    expect(key?.lastUsedAt).not.toBeNull();
  });

  it('has the server sign the token: the secret is never revealed to the page', async () => {
    const { db } = await startChat(SIGNED_IN);
    expect(await screen.findByText('Chat started — authenticated')).toBeTruthy();
    const actions = (await db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toContain('token.test_signed');
    expect(actions).not.toContain('signing_key.revealed');
  });

  it('starts an unauthenticated chat for a tampered token on a widget that does not enforce, naming the refused code', async () => {
    const { db } = await startChat(TAMPERED, { widget: 'Customer portal' });
    expect(await screen.findByText('Chat started — unauthenticated (the agent sees the tag)')).toBeTruthy();
    expect(await screen.findByText('SIGNATURE_INVALID')).toBeTruthy();
    const portal = await widgetNamed(db, 'Customer portal');
    expect(await db.select().from(tickets)).toEqual([expect.objectContaining({ widgetId: portal.id, authenticated: false, verification: 'SIGNATURE_INVALID' })]);
    expect(await db.select().from(contacts)).toEqual([expect.objectContaining({ email: null, verified: false })]);
  });

  it('starts an unauthenticated chat for a visitor without a token', async () => {
    const { db } = await startChat(ANONYMOUS);
    expect(await screen.findByText('Chat started — unauthenticated (the agent sees the tag)')).toBeTruthy();
    expect(await screen.findByText('Anonymous visitor')).toBeTruthy();
    expect(await db.select().from(tickets)).toEqual([
      expect.objectContaining({ authenticated: false, verification: 'unauthenticated', subject: 'Hi, I was charged twice for my last order.' }),
    ]);
  });

  it('shows the code, message and hint when an enforced widget refuses a tampered token, and creates nothing', async () => {
    const { db, server } = await startChat(TAMPERED, { given: enforceWebsiteChat });
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('SIGNATURE_INVALID')).toBeTruthy();
    expect(within(alert).getByText(/^The token's signature does not match the account's signing key\. It does not match key "k_/)).toBeTruthy();
    expect(within(alert).getByText(/^Fix: Sign with the secret of key k_/)).toBeTruthy();
    expect(await db.select().from(tickets)).toEqual([]);
    await server.app.runtime.flush();
    expect(await db.select().from(verificationDaily)).toEqual([expect.objectContaining({ outcome: 'SIGNATURE_INVALID', count: 1 })]);
  });

  it('refuses a visitor without a token on an enforced widget with TOKEN_MISSING', async () => {
    const { db } = await startChat(ANONYMOUS, { given: enforceWebsiteChat });
    expect(within(await screen.findByRole('alert')).getByText('TOKEN_MISSING')).toBeTruthy();
    expect(await db.select().from(tickets)).toEqual([]);
  });

  it('asks for a message before starting', async () => {
    const { db } = await startChat(ANONYMOUS, { message: '' });
    expect(await screen.findByText('Write the visitor’s first message')).toBeTruthy();
    expect(await db.select().from(tickets)).toEqual([]);
  });
});
