import type { APIRequestContext, Locator, Page } from '@playwright/test';
import jwt from 'jsonwebtoken';
import { seriousViolations } from './axe.ts';
import { ADMIN, expect, openUserAuth, serverOnly, test } from './fixtures.ts';

/** How a visitor arrives: signed in (a valid token), without a token, or with a token whose signature does not match. */
type Visitor = 'signedIn' | 'anonymous' | 'badSignature';

/** Starts one chat on Website chat, as a visitor would. */
type StartChat = (visitor: Visitor) => Promise<void>;

const TRY_WIDGET_VISITOR: Record<Visitor, RegExp> = {
  signedIn: /^Signed in as Ada Lovelace/,
  anonymous: /^Not signed in/,
  badSignature: /tampered/,
};

/** In the demo, through its Try the widget screen (the chat service runs in the page). */
function tryTheWidget(page: Page): StartChat {
  return async (visitor) => {
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Try the widget' }).click();
    await page.getByRole('combobox', { name: 'Widget' }).selectOption({ label: 'Website chat' });
    await page.getByRole('radio', { name: TRY_WIDGET_VISITOR[visitor] }).click();
    await page.getByLabel('Message').fill(`Readiness check: ${visitor}`);
    await page.getByRole('button', { name: 'Start chat' }).click();
    await expect(page.getByText(/^(Chat started|Chat refused)/)).toBeVisible();
  };
}

/** On the server, as the widget does: the plain chat route, with a token signed like a customer's server signs it. */
async function widgetRoute(request: APIRequestContext, baseURL: string): Promise<StartChat> {
  const login = await request.post(`${baseURL}/api/trpc/auth.login`, { data: { email: ADMIN.email, password: ADMIN.password } });
  const { csrfToken } = ((await login.json()) as { result: { data: { csrfToken: string } } }).result.data;
  const data = async <T,>(res: Promise<{ json(): Promise<unknown> }>) => ((await (await res).json()) as { result: { data: T } }).result.data;
  const widgets = await data<{ id: string; name: string; token: string }[]>(request.get(`${baseURL}/api/trpc/widgets.list`));
  const widget = widgets.find((w) => w.name === 'Website chat');
  const [key] = await data<{ kid: string }[]>(request.get(`${baseURL}/api/trpc/signingKeys.list`));
  if (!widget || !key) throw new Error('the seed has no Website chat or no signing key');
  const { secret } = await data<{ secret: string }>(
    request.post(`${baseURL}/api/trpc/signingKeys.reveal`, { data: { kid: key.kid }, headers: { 'x-csrf-token': csrfToken } }),
  );
  return async (visitor) => {
    const claims = { email: 'ada@example.com', contactProperties: { name: 'Ada Lovelace' } };
    const jwtAuthToken =
      visitor === 'anonymous' ? undefined : jwt.sign(claims, visitor === 'signedIn' ? secret : 'not-the-signing-key', { algorithm: 'HS256', expiresIn: 600, keyid: key.kid });
    const res = await request.post(`${baseURL}/webchat/v1/sessions`, { data: { widgetId: widget.id, widgetToken: widget.token, jwtAuthToken, message: `Readiness check: ${visitor}` } });
    const body = (await res.json()) as { authenticated?: boolean; error?: { code: string } };
    if (visitor === 'signedIn') expect(body).toMatchObject({ authenticated: true });
    if (visitor === 'anonymous') expect(body).toMatchObject({ authenticated: false });
    if (visitor === 'badSignature') expect(body.error?.code ?? body.authenticated).not.toBe(true);
  };
}

async function enforceWebsiteChat(page: Page) {
  await openUserAuth(page, 'Website chat');
  const enforcement = page.getByRole('region', { name: 'Enforcement' });
  await enforcement.getByRole('radio', { name: /^Enforce user authentication/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enforce' }).click();
  await expect(enforcement.getByRole('radio', { name: /^Enforce user authentication/ })).toBeChecked();
}

/** The text of today's cell under a column of the readiness table (UTC day, as readiness counts). */
async function todayUnder(table: Locator, column: string): Promise<string> {
  const headers = await table.getByRole('columnheader').allTextContents();
  const index = headers.indexOf(column);
  expect(index, `column ${column} in ${headers.join(', ')}`).toBeGreaterThan(0);
  const today = new Date().toISOString().slice(0, 10);
  const row = table.getByRole('row').filter({ has: table.page().locator(`time[datetime="${today}"]`) });
  // The row's first cell is its header (the day), so data cells are one to the left of their column.
  return (await row.getByRole('cell').nth(index - 1).textContent()) ?? '';
}

test('the Readiness tab charts and tabulates chat starts as they happen, and lists a refused token in Recent failures', async ({
  page,
  login,
  target,
  request,
  baseURL,
  secondAdmin,
  snapshot,
}) => {
  await login();
  const startChat = target === 'demo' ? tryTheWidget(page) : await widgetRoute(request, baseURL ?? '');
  await startChat('signedIn');
  await startChat('anonymous');
  await enforceWebsiteChat(page);
  await startChat('badSignature');

  await openUserAuth(page, 'Website chat');
  await page.getByRole('navigation', { name: 'Widget settings' }).getByRole('link', { name: 'Readiness' }).click();
  const card = page.getByRole('region', { name: 'Chat starts by outcome' });

  // The chart: one stacked bar a day, drawn once its module has loaded.
  await expect(card.locator('svg .recharts-bar-rectangle').first()).toBeVisible();
  // Today's bar stacks three outcomes: authenticated, unauthenticated, SIGNATURE_INVALID.
  await expect.poll(() => card.locator('svg .recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(3);
  // The share authenticated: a dot for each day with chats, joined by the line.
  await expect(card.locator('svg .recharts-line-dot').first()).toBeVisible();

  const failures = page.getByRole('region', { name: 'Recent failures' });
  const refused = failures.getByRole('row', { name: /SIGNATURE_INVALID/ });
  await expect(refused).toContainText('Refused');
  await expect(refused).toContainText('Fix:');
  await expect(refused.getByRole('list', { name: 'Claim names' })).toContainText('contactProperties.name');
  await expect(refused).not.toContainText('ada@example.com');
  await expect(failures.getByRole('row', { name: /TOKEN_MISSING/ }).first()).toContainText('Started unauthenticated');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('readiness');

  // The same numbers as a table, today's row counting the chats above.
  await card.getByRole('button', { name: 'Table' }).click();
  const table = card.getByRole('table', { name: 'Chat starts per day (UTC) by outcome, last 7 days' });
  await expect(table).toBeVisible();
  expect(await todayUnder(table, 'SIGNATURE_INVALID')).toBe('1');
  expect(await todayUnder(table, 'Unauthenticated')).toBe('1');
  expect(Number(await todayUnder(table, 'Authenticated'))).toBeGreaterThanOrEqual(1);
  if (target === 'server') {
    expect(await todayUnder(table, 'Total')).toBe('3');
    expect(await todayUnder(table, 'Share authenticated')).toBe('33%');
  }
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('readiness-table');

  // A chat started elsewhere shows while the tab is open (SPEC: within 10 s).
  const elsewhere = target === 'demo' ? tryTheWidget(await secondAdmin()) : startChat;
  const before = Number(await todayUnder(table, 'Authenticated'));
  await elsewhere('signedIn');
  await expect.poll(async () => Number(await todayUnder(table, 'Authenticated')), { timeout: target === 'server' ? 10_000 : 20_000 }).toBe(before + 1);

  // A phone: the figures, chart and failures fit the width; failures stack into cards.
  await page.setViewportSize({ width: 390, height: 844 });
  await card.getByRole('button', { name: 'Chart' }).click();
  await expect(card.locator('svg .recharts-bar-rectangle').first()).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('readiness-phone');
  // The table scrolls within its own region, not the page.
  await card.getByRole('button', { name: 'Table' }).click();
  await expect(table).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('readiness-table-phone');
});

test('a widget without chat starts says where the first one can come from', async ({ page, login, target, snapshot }) => {
  serverOnly(target, 'the demo seeds chats on every widget');
  await login();
  await openUserAuth(page, 'Customer portal');
  await page.getByRole('navigation', { name: 'Widget settings' }).getByRole('link', { name: 'Readiness' }).click();
  const card = page.getByRole('region', { name: 'Chat starts by outcome' });
  await expect(card).toContainText('No chats in the last 7 days. Start a test chat from the User authentication tab or install the widget.');
  await expect(page.getByRole('region', { name: 'Recent failures' })).toContainText('No failed or unauthenticated chat starts.');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('readiness-empty');
  await card.getByRole('link', { name: 'User authentication' }).click();
  await expect(page.getByRole('region', { name: 'Enforcement' })).toBeVisible();
});
