import { screen, waitFor, within } from '@testing-library/react';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { updateWidget, widgetNamed } from '../../../server/store/factories.ts';
import { signingKeys } from '../../../server/store/schema.ts';
import { signHs256 } from '../../lib/sign-hs256.ts';
import type { TestServer } from '../../test/app.ts';
import { renderSignedIn } from '../../test/render.tsx';
import ReadinessPage from './ReadinessPage.tsx';

// The chart sizes itself to its container; happy-dom has no layout, so nothing ever resizes.
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const ADA = { email: 'ada@example.com', contactProperties: { name: 'Ada Lovelace' } };

/** Chat starts on Website chat through the server's own chat service, as the widget makes them. */
async function chatsOnWebsiteChat(server: TestServer, tokens: ((secret: string, kid: string) => Promise<string | undefined>)[]) {
  const widget = await widgetNamed(server.db, 'Website chat');
  const [key] = await server.db.select().from(signingKeys).where(eq(signingKeys.status, 'active'));
  if (!key) throw new Error('the seed has no active signing key');
  const secret = server.app.box.open(key.sealedSecret, { accountId: key.accountId, kid: key.kid });
  for (const token of tokens) {
    const jwtAuthToken = await token(secret, key.kid);
    await server.app.runtime.services.chat.start({ widgetId: widget.id, widgetToken: widget.token, jwtAuthToken, message: 'Hello' }, '127.0.0.1');
  }
}

const now = () => Math.floor(Date.now() / 1000);
const valid = (claims: Record<string, unknown> = ADA) => (secret: string, kid: string) => signHs256({ ...claims, exp: now() + 600 }, secret, { kid });
const expired = (secret: string, kid: string) => signHs256({ ...ADA, exp: now() - 3600 }, secret, { kid });
const anonymous = async () => undefined;
const wrongSecret = () => signHs256({ ...ADA, exp: now() + 600 }, 'not-the-signing-key');

async function openReadiness(given?: (server: TestServer) => unknown) {
  return renderSignedIn(<ReadinessPage />, {
    route: 'widgets/:widgetId/readiness',
    given,
    path: async ({ db }) => `/widgets/${(await widgetNamed(db, 'Website chat')).id}/readiness`,
  });
}

/** A summary figure's value, as its term's definition reads. */
const figure = (name: string) => screen.getByText(name, { selector: 'dt' }).nextElementSibling?.textContent;

describe('Readiness', () => {
  it('shows the widget header and its tabs, Readiness the current one', async () => {
    await openReadiness();
    expect(await screen.findByRole('heading', { name: 'Website chat', level: 1 })).toBeTruthy();
    const tabs = screen.getByRole('navigation', { name: 'Widget settings' });
    expect(within(tabs).getByRole('link', { name: 'Readiness' }).getAttribute('aria-current')).toBe('page');
    expect(within(tabs).getByRole('link', { name: 'User authentication' })).toBeTruthy();
  });

  it('sums the period in figures and shows the day per outcome, the total and the share in the table', async () => {
    const { user } = await openReadiness((server) =>
      chatsOnWebsiteChat(server, [valid(), valid({ ...ADA, contactProperties: { name: 'Ada', cf_not_in_catalog: 'x' } }), anonymous, expired]),
    );
    const card = await screen.findByRole('region', { name: 'Chat starts by outcome' });
    await within(card).findByText('Chat starts', { selector: 'dt' });
    expect(figure('Chat starts')).toBe('4');
    expect(figure('Authenticated')).toBe('50%2 with a valid token');
    expect(figure('Token refused')).toBe('1failed a check');
    expect(figure('With dropped fields')).toBe('1unknown token fields left out');

    // The chart view loads its module and draws without errors; its caption points to the table.
    expect(await within(card).findByText(/stacked by outcome; the line is the share authenticated/)).toBeTruthy();
    await waitFor(() => expect(within(card).queryByRole('status', { name: 'Loading the chart' })).toBeNull());
    expect(within(card).queryByRole('alert')).toBeNull();

    await user.click(within(card).getByRole('button', { name: 'Table' }));
    const table = within(card).getByRole('table', { name: 'Chat starts per day (UTC) by outcome, last 7 days' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Day', 'Authenticated', 'Unauthenticated', 'TOKEN_EXPIRED', 'Total', 'Share authenticated', 'With dropped fields']);
    const today = new Date().toISOString().slice(0, 10);
    const row = within(table).getAllByRole('row').find((r) => r.querySelector(`time[datetime="${today}"]`));
    if (!row) throw new Error('no row for today');
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '1', '1', '4', '50%', '1']);
    // Six earlier days without chats, then the period's totals.
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 7 + 1);
    const totals = within(table).getByRole('row', { name: /All 7 days/ });
    expect(within(totals).getAllByRole('cell').map((c) => c.textContent)).toEqual(['2', '1', '1', '4', '50%', '1']);
  });

  it('looks back 30 or 90 days on request', async () => {
    const { user } = await openReadiness((server) => chatsOnWebsiteChat(server, [valid()]));
    const card = await screen.findByRole('region', { name: 'Chat starts by outcome' });
    await within(card).findByText('Chat starts', { selector: 'dt' });
    await user.click(within(card).getByRole('button', { name: 'Table' }));
    await user.click(within(card).getByRole('button', { name: '30 days' }));
    const table = await within(card).findByRole('table', { name: 'Chat starts per day (UTC) by outcome, last 30 days' });
    expect(within(table).getAllByRole('row')).toHaveLength(1 + 30 + 1);
    expect(within(card).getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('says so when the period had no chats, and points to where one can start', async () => {
    await openReadiness();
    const card = await screen.findByRole('region', { name: 'Chat starts by outcome' });
    const empty = await within(card).findByText(/^No chats in the last 7 days/);
    expect(empty.textContent).toBe('No chats in the last 7 days. Start a test chat from the User authentication tab or install the widget.');
    expect(within(empty).getByRole('link', { name: 'User authentication' })).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Table' })).toBeNull();
    const failures = screen.getByRole('region', { name: 'Recent failures' });
    expect(await within(failures).findByText(/^No failed or unauthenticated chat starts\./)).toBeTruthy();
  });
});

describe('Recent failures', () => {
  it('lists a refused token with its code, fix, result and claim names, never the claim values', async () => {
    await openReadiness(async (server) => {
      await updateWidget(server.db, (await widgetNamed(server.db, 'Website chat')).id, { enforcement: 'enforced' });
      await chatsOnWebsiteChat(server, [wrongSecret]);
    });
    const failures = await screen.findByRole('region', { name: 'Recent failures' });
    const row = await within(failures).findByRole('row', { name: /SIGNATURE_INVALID/ });
    expect(row.textContent).toContain("The token's signature does not match the account's signing key.");
    expect(row.textContent).toContain('Fix: Sign with the secret exactly as the console shows it');
    expect(row.textContent).toContain('Refused');
    const claims = within(within(row).getByRole('list', { name: 'Claim names' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(claims).toEqual(expect.arrayContaining(['email', 'exp', 'contactProperties', 'contactProperties.name']));
    expect(failures.textContent).not.toContain('ada@example.com');
    expect(failures.textContent).not.toContain('Ada Lovelace');
    // The local time, with the UTC time on hover.
    expect(within(row).getByText((_, el) => el?.tagName === 'TIME').getAttribute('title')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
  });

  it('tells a chat that started unauthenticated apart from a refused one', async () => {
    await openReadiness((server) => chatsOnWebsiteChat(server, [anonymous]));
    const failures = await screen.findByRole('region', { name: 'Recent failures' });
    const row = await within(failures).findByRole('row', { name: /TOKEN_MISSING/ });
    expect(row.textContent).toContain('Started unauthenticated');
    expect(within(row).getAllByText('None')).toHaveLength(2);
  });
});
