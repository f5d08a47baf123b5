import { screen, waitFor, within } from '@testing-library/react';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { updateWidget, widgetNamed } from '../../../server/store/factories.ts';
import { signingKeys, tickets } from '../../../server/store/schema.ts';
import { TOKEN_CHECKS } from '../../../shared/schemas/tokens.ts';
import type { TestServer } from '../../test/app.ts';
import { renderSignedIn } from '../../test/render.tsx';
import UserAuthPage from './UserAuthPage.tsx';

const route = 'widgets/:widgetId/user-authentication';
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function openWebsiteChat(given?: (server: TestServer) => unknown) {
  const view = await renderSignedIn(<UserAuthPage />, {
    route,
    given,
    path: async ({ db }) => `/widgets/${(await widgetNamed(db, 'Website chat')).id}/user-authentication`,
  });
  const tester = await screen.findByRole('region', { name: 'Token tester' });
  const builder = screen.getByRole('region', { name: 'Build a test token' });
  return { ...view, tester, builder };
}

/** Signs claims with the account's active key, as the customer's server would (HS256, the secret's UTF-8 bytes). */
async function signWithActiveKey(server: TestServer, claims: Record<string, unknown>): Promise<string> {
  const [key] = await server.db.select().from(signingKeys).where(eq(signingKeys.status, 'active'));
  if (!key) throw new Error('the seed has an active key');
  const secret = server.app.box.open(key.sealedSecret, { accountId: key.accountId, kid: key.kid });
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid }).sign(new TextEncoder().encode(secret));
}

/** The checks as the tester lists them: "Passed: …", "Failed: …", "Not checked: …". */
const checkItems = (tester: HTMLElement) => within(within(tester).getByRole('region', { name: 'Checks' })).getAllByRole('listitem');

describe('Token tester', () => {
  it('says what it will show before the first check', async () => {
    const { tester } = await openWebsiteChat();
    expect(within(tester).getByText(/^Nothing checked yet/)).toBeTruthy();
    expect(within(tester).getByRole('button', { name: 'Clear' })).toHaveProperty('disabled', true);
  });

  it('asks for a token when Check token is pressed with none', async () => {
    const { tester, user } = await openWebsiteChat();
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));
    expect(within(tester).getByText('Paste a token to check')).toBeTruthy();
    expect(within(tester).getByRole('textbox', { name: 'Token' }).getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a valid token as authenticated, its header and payload as text, every check passed and the active key', async () => {
    const { tester, user, server } = await openWebsiteChat();
    const token = await signWithActiveKey(server, { email: 'ada@example.com', exp: nowSeconds() + 300, ticketProperties: { priority: 2 } });
    await user.click(within(tester).getByRole('textbox', { name: 'Token' }));
    await user.paste(token);
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));

    expect(await within(tester).findByText('Would be authenticated: chat start on this widget accepts this token.')).toBeTruthy();
    const payload = within(within(tester).getByRole('region', { name: 'Payload' })).getByText(/"email": "ada@example.com"/);
    expect(payload.tagName).toBe('PRE');
    expect(within(tester).getByRole('region', { name: 'Header' }).textContent).toContain('"alg": "HS256"');
    const checks = checkItems(tester);
    expect(checks).toHaveLength(TOKEN_CHECKS.length);
    for (const check of checks) expect(check.textContent).toMatch(/^✓Passed: /);
    const key = within(tester).getByRole('region', { name: 'Key' });
    expect(within(key).getByText('Active')).toBeTruthy();
    expect(key.textContent).toMatch(/Signed with key k_/);
  });

  it('refuses an expired token with TOKEN_EXPIRED and its fix, and marks the later checks', async () => {
    const { tester, user, server } = await openWebsiteChat();
    const token = await signWithActiveKey(server, { email: 'ada@example.com', exp: nowSeconds() - 3600 });
    await user.click(within(tester).getByRole('textbox', { name: 'Token' }));
    await user.paste(token);
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));

    // Website chat does not enforce: the token fails, and the visitor would chat unauthenticated.
    const outcome = await within(tester).findByText(/^Would start unauthenticated on this widget/);
    expect(within(outcome).getByText('TOKEN_EXPIRED')).toBeTruthy();
    const expiry = checkItems(tester).find((li) => li.textContent.includes('TOKEN_EXPIRED'));
    expect(expiry?.textContent).toMatch(/^✗Failed: /);
    expect(within(expiry ?? tester).getByText(/^Fix: /).textContent).toMatch(/clock|fresh token/i);
    expect(checkItems(tester).filter((li) => li.textContent.startsWith('✓Passed'))).not.toHaveLength(0);
  });

  it('warns about a field the catalog does not know, suggesting the one meant', async () => {
    const { tester, user, server } = await openWebsiteChat();
    const token = await signWithActiveKey(server, { unique_external_id: 'user_12345', exp: nowSeconds() + 300, ticketProperties: { cf_projct: 'Project Alpha' } });
    await user.click(within(tester).getByRole('textbox', { name: 'Token' }));
    await user.paste(token);
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));
    const warnings = await within(tester).findByRole('region', { name: 'Warnings' });
    expect(warnings.textContent).toContain('did you mean cf_project?');
    expect(within(tester).getByText(/^Would be authenticated/)).toBeTruthy();
  });

  it('on an enforced widget, a test chat with an expired token is refused with the code, message and fix, and creates nothing', async () => {
    const { tester, user, server, db } = await openWebsiteChat(async ({ db }) =>
      updateWidget(db, (await widgetNamed(db, 'Website chat')).id, { enforcement: 'enforced' }),
    );
    await user.click(within(tester).getByRole('textbox', { name: 'Token' }));
    await user.paste(await signWithActiveKey(server, { email: 'ada@example.com', exp: nowSeconds() - 3600 }));
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));
    expect(await within(tester).findByText(/^Would be refused with/)).toBeTruthy();
    await user.click(within(tester).getByRole('button', { name: 'Start a test chat' }));
    const refused = (await within(tester).findByText(/^Test chat refused/)).closest('[role="alert"]');
    expect(refused?.textContent).toContain('TOKEN_EXPIRED');
    expect(refused?.textContent).toContain('The token has expired');
    expect(refused?.textContent).toMatch(/Fix: .+/);
    expect(await db.select().from(tickets)).toEqual([]);
  });

  it('a test chat with the checked token shows the fields the catalog dropped, and why', async () => {
    const { tester, user, server } = await openWebsiteChat();
    const token = await signWithActiveKey(server, { unique_external_id: 'user_12345', exp: nowSeconds() + 300, ticketProperties: { cf_projct: 'Project Alpha' } });
    await user.click(within(tester).getByRole('textbox', { name: 'Token' }));
    await user.paste(token);
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));
    await user.click(await within(tester).findByRole('button', { name: 'Start a test chat' }));
    const contact = await within(tester).findByRole('region', { name: 'Contact' });
    expect(within(contact).getByText('user_12345')).toBeTruthy();
    expect(within(tester).getByText('ticket.cf_projct').parentElement?.textContent).toBe('ticket.cf_projct: the field catalog has no such field');
  });

  it('a test chat with an expired token on a widget that does not enforce starts as an unauthenticated session', async () => {
    const { tester, user, server, db } = await openWebsiteChat();
    await user.click(within(tester).getByRole('textbox', { name: 'Token' }));
    await user.paste(await signWithActiveKey(server, { email: 'ada@example.com', exp: nowSeconds() - 3600 }));
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));
    await user.click(await within(tester).findByRole('button', { name: 'Start a test chat' }));
    expect(await within(tester).findByText('Unauthenticated session')).toBeTruthy();
    expect(await db.select().from(tickets)).toEqual([expect.objectContaining({ authenticated: false, test: true, verification: 'TOKEN_EXPIRED' })]);
  });

  it('Clear empties the token and the result', async () => {
    const { tester, user, server } = await openWebsiteChat();
    await user.click(within(tester).getByRole('textbox', { name: 'Token' }));
    await user.paste(await signWithActiveKey(server, { email: 'ada@example.com', exp: nowSeconds() + 300 }));
    await user.click(within(tester).getByRole('button', { name: 'Check token' }));
    await within(tester).findByText(/^Would be authenticated/);
    await user.click(within(tester).getByRole('button', { name: 'Clear' }));
    expect(within(tester).getByRole('textbox', { name: 'Token' })).toHaveProperty('value', '');
    expect(within(tester).getByText(/^Nothing checked yet/)).toBeTruthy();
  });
});

describe('Build a test token', () => {
  it('signs a token with a priority and a custom field, starts a test chat, and shows the contact and ticket an agent sees', async () => {
    const { builder, tester, user, db } = await openWebsiteChat();
    await user.type(within(builder).getByRole('textbox', { name: 'Email address' }), 'grace@example.com');
    const picker = within(builder).getByRole('combobox', { name: 'Field to add' });
    await user.selectOptions(picker, 'Full name (name)');
    await user.click(within(builder).getByRole('button', { name: 'Add field' }));
    await user.type(within(builder).getByRole('textbox', { name: 'Full name' }), 'Grace Hopper');
    await user.selectOptions(picker, 'Priority (priority)');
    await user.click(within(builder).getByRole('button', { name: 'Add field' }));
    await user.selectOptions(within(builder).getByRole('combobox', { name: 'Priority' }), '4 Urgent');
    await user.selectOptions(picker, 'Project (cf_project)');
    await user.click(within(builder).getByRole('button', { name: 'Add field' }));
    await user.type(within(builder).getByRole('textbox', { name: 'Project' }), 'Project Alpha');
    await user.click(within(builder).getByRole('button', { name: 'Sign test token' }));

    const signed = await within(builder).findByRole('textbox', { name: 'Test token' });
    expect((signed as HTMLInputElement).value.split('.')).toHaveLength(3);
    expect(within(builder).getByRole('button', { name: 'Copy' })).toBeTruthy();

    // Check it hands the token to the tester.
    await user.click(within(builder).getByRole('button', { name: 'Check it' }));
    expect(await within(tester).findByText(/^Would be authenticated/)).toBeTruthy();
    expect(within(tester).getByRole('textbox', { name: 'Token' })).toHaveProperty('value', (signed as HTMLInputElement).value);

    await user.click(within(builder).getByRole('button', { name: 'Start a test chat' }));
    expect(await within(builder).findByText('Authenticated')).toBeTruthy();
    const contact = await within(builder).findByRole('region', { name: 'Contact' });
    expect(within(contact).getByText('Grace Hopper')).toBeTruthy();
    expect(within(contact).getByText('grace@example.com')).toBeTruthy();
    const ticket = within(builder).getByRole('region', { name: 'Ticket' });
    expect(within(ticket).getByText('4 Urgent')).toBeTruthy();
    expect(within(ticket).getByText('Project Alpha')).toBeTruthy();
    const [stored] = await db.select().from(tickets);
    expect(stored).toMatchObject({ authenticated: true, test: true, priority: 4, properties: { cf_project: 'Project Alpha' } });
    expect(within(builder).getByRole('link', { name: 'Open the ticket' }).getAttribute('href')).toBe(`/tickets/${stored?.id}`);
  });

  it('holds a field to its type before signing, with the message next to it', async () => {
    const { builder, user, db } = await openWebsiteChat();
    await user.click(within(builder).getByRole('radio', { name: 'Unique external id' }));
    await user.type(within(builder).getByRole('textbox', { name: 'External id' }), 'user_12345');
    await user.selectOptions(within(builder).getByRole('combobox', { name: 'Field to add' }), 'Email (email)');
    await user.click(within(builder).getByRole('button', { name: 'Add field' }));
    await user.type(within(builder).getByRole('textbox', { name: 'Email' }), 'not-an-address');
    await user.click(within(builder).getByRole('button', { name: 'Sign test token' }));
    expect(await within(builder).findByText('Email takes an email address')).toBeTruthy();
    expect(within(builder).queryByRole('textbox', { name: 'Test token' })).toBeNull();
    expect(await db.select().from(tickets)).toEqual([]);
  });

  it('asks for the identity', async () => {
    const { builder, user } = await openWebsiteChat();
    await user.click(within(builder).getByRole('button', { name: 'Sign test token' }));
    expect(await within(builder).findByText('Give the visitor’s email address')).toBeTruthy();
  });

  it('offers expiries up to the widget’s maximum lifetime', async () => {
    const { builder } = await openWebsiteChat();
    const expiry = within(builder).getByRole('combobox', { name: 'Expires in' });
    await waitFor(() => expect(within(expiry).getAllByRole('option').length).toBeGreaterThan(1));
    expect(expiry).toHaveProperty('value', '600');
    expect(within(expiry).getByRole('option', { name: '10 min' })).toBeTruthy();
    expect(within(expiry).getAllByRole('option').at(-1)?.textContent).toMatch(/the widget’s maximum/);
  });
});
