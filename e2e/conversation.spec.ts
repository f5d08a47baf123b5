import type { Locator, Page } from '@playwright/test';
import type { SampleApp } from '../sample-app/app.ts';
import { customerTest as test, type Api } from './customer-app.ts';
import { ADMIN, expect, serverOnly } from './fixtures.ts';

/**
 * The widget session (SPEC §7) as a visitor lives it on the sample app: a conversation that goes
 * on, replies that arrive while the widget is open, a reload, tabs, sign-out on a shared browser,
 * and tokens that expire mid-chat.
 */

/** Enforced, with no leeway: a message after the session's token ran out is refused unless a fresh one comes. */
async function enforceWithoutLeeway(api: Api, widgetId: string) {
  const { version } = await api.call<{ version: number }>('userAuth.get', { widgetId });
  const enforced = await api.call<{ version: number }>('userAuth.enforce', { widgetId, expectedVersion: version });
  await api.call('userAuth.updatePolicy', { widgetId, expectedVersion: enforced.version, clockLeewaySeconds: 0 });
}

interface TicketDetail {
  id: string;
  messages: { author: 'visitor' | 'agent'; text: string; authenticated: boolean }[];
  session: { state: 'open' | 'ended'; endedReason: 'ended' | 'revoked' | null } | null;
}

async function onlyTicket(api: Api): Promise<TicketDetail> {
  const { items } = await api.call<{ items: { id: string }[] }>('tickets.list', { limit: 10 });
  expect(items).toHaveLength(1);
  return api.call<TicketDetail>('tickets.get', { id: items[0]?.id });
}

async function signInAs(page: Page, app: SampleApp, name: string) {
  await page.goto(app.url);
  await page.getByRole('button', { name: `Sign in as ${name}` }).click();
  await expect(page.getByText('Signed in as')).toContainText(name);
}

function widget(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Chat with us' });
}

/** One bubble of the conversation, by its text. */
function bubble(page: Page, text: string): Locator {
  return widget(page).getByRole('list', { name: 'Conversation' }).getByRole('listitem').filter({ hasText: text });
}

async function openChat(page: Page) {
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await expect(widget(page)).toBeVisible();
}

async function send(page: Page, message: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
}

/** Sends and waits until the visitor sees their message sent (verified, as the sample app signs tokens). */
async function sendAndSee(page: Page, message: string) {
  await send(page, message);
  await expect(bubble(page, message).getByText('Sent', { exact: true })).toBeVisible();
}

test.beforeEach(({ target }) => {
  serverOnly(target, 'the sample app signs tokens on its own server and embeds the widget from the real one');
});

test('signing out in one tab clears the conversation in every tab of the site and ends the chat', async ({ context, page, api, customerApp }) => {
  const app = await customerApp();
  await signInAs(page, app, 'Ada Lovelace');
  await openChat(page);
  await sendAndSee(page, 'My order ORD-1815 has not arrived');

  const other = await context.newPage();
  await other.goto(`${app.url}/app`);
  await openChat(other);
  await expect(bubble(other, 'My order ORD-1815 has not arrived')).toBeVisible();
  // Both tabs hold the same conversation: what one sends, the other shows.
  await sendAndSee(page, 'It was due on Monday');
  await expect(bubble(other, 'It was due on Monday')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in as Ada Lovelace' })).toBeVisible();

  await expect(widget(other).getByRole('listitem')).toHaveCount(0);
  await expect(widget(other)).not.toContainText('ORD-1815');
  await expect(widget(other)).not.toContainText('Monday');
  expect((await onlyTicket(api)).session).toMatchObject({ state: 'ended', endedReason: 'ended' });
});

test('the next person on the browser sees nothing of the chat of the one who signed out', async ({ page, api, customerApp }) => {
  const app = await customerApp();
  await signInAs(page, app, 'Ada Lovelace');
  await openChat(page);
  await sendAndSee(page, 'Ada here: my card ends in 4242');
  const ticket = await onlyTicket(api);
  await api.call('tickets.reply', { ticketId: ticket.id, text: 'Thanks Ada, I see the payment' });
  await expect(bubble(page, 'Thanks Ada, I see the payment')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in as Grace Hopper' })).toBeVisible();

  await signInAs(page, app, 'Grace Hopper');
  await openChat(page);
  await expect(widget(page).getByRole('listitem')).toHaveCount(0);
  await sendAndSee(page, 'Grace here: invoice question');
  await expect(page.getByRole('status').filter({ hasText: 'Chat started' })).toBeVisible();
  await page.reload();
  await openChat(page);
  await expect(bubble(page, 'Grace here: invoice question')).toBeVisible();
  for (const text of ['4242', 'Thanks Ada', 'Ada here']) await expect(widget(page)).not.toContainText(text);
});

test('a stored chat never shows for another person, even when the site forgot to sign out', async ({ context, page, api, customerApp }) => {
  const app = await customerApp();
  await signInAs(page, app, 'Ada Lovelace');
  await openChat(page);
  await sendAndSee(page, 'Ada here: my address is 12 St James Square');

  // The site's session lapses without a sign-out; Grace signs in on the same browser.
  await context.clearCookies();
  const resumed = page.waitForResponse((res) => res.url().endsWith('/resume'));
  await signInAs(page, app, 'Grace Hopper');
  expect((await resumed).status()).toBe(401);
  await openChat(page);
  await expect(widget(page).getByRole('listitem')).toHaveCount(0);
  await expect(widget(page)).not.toContainText('St James');
  // The widget ended Ada's chat, so its secret, still on this browser a moment ago, opens nothing.
  await expect.poll(async () => (await onlyTicket(api)).session?.state).toBe('ended');
});

test('an agent’s reply reaches the visitor’s open widget live, once, with the agent’s name', async ({ page, api, customerApp }) => {
  const app = await customerApp();
  await signInAs(page, app, 'Ada Lovelace');
  await openChat(page);
  await sendAndSee(page, 'Is the blue one in stock?');
  const ticket = await onlyTicket(api);

  await api.call('tickets.reply', { ticketId: ticket.id, text: 'Yes, we have three left.' });
  const reply = bubble(page, 'Yes, we have three left.');
  await expect(reply).toBeVisible({ timeout: 5_000 });
  await expect(reply).toContainText(ADMIN.name);
  // Screen readers hear it too.
  await expect(widget(page).locator('[aria-live="polite"]')).toContainText(`${ADMIN.name}: Yes, we have three left.`);

  await sendAndSee(page, 'Great, I will order it');
  await expect(bubble(page, 'Is the blue one in stock?')).toHaveCount(1);
  await expect(bubble(page, 'Great, I will order it')).toHaveCount(1);
  await expect(reply).toHaveCount(1);
  expect((await onlyTicket(api)).messages.map((m) => [m.author, m.text])).toEqual([
    ['visitor', 'Is the blue one in stock?'],
    ['agent', 'Yes, we have three left.'],
    ['visitor', 'Great, I will order it'],
  ]);
});

test('a reload keeps the conversation for the same signed-in person, and it goes on in the same ticket', async ({ page, api, customerApp }) => {
  const app = await customerApp();
  await signInAs(page, app, 'Grace Hopper');
  await openChat(page);
  await sendAndSee(page, 'Invoice 77 is wrong');
  await sendAndSee(page, 'It lists two seats');
  const ticket = await onlyTicket(api);
  await api.call('tickets.reply', { ticketId: ticket.id, text: 'I will correct it today.' });
  await expect(bubble(page, 'I will correct it today.')).toBeVisible();

  await page.reload();
  await openChat(page);
  for (const text of ['Invoice 77 is wrong', 'It lists two seats', 'I will correct it today.']) await expect(bubble(page, text)).toHaveCount(1);
  await expect(bubble(page, 'I will correct it today.')).toContainText(ADMIN.name);

  await sendAndSee(page, 'Thank you');
  const after = await onlyTicket(api);
  expect(after.id).toBe(ticket.id);
  expect(after.messages.map((m) => m.text)).toEqual(['Invoice 77 is wrong', 'It lists two seats', 'I will correct it today.', 'Thank you']);
});

/** The first token is minted while the page is served: it has expired by this time. */
async function untilFirstTokenExpired(page: Page, servedBefore: number, ttlSeconds: number) {
  const wait = servedBefore + ttlSeconds * 1000 + 1500 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}

const SHORT_TTL_SECONDS = 20;

test('a message sent after the first token expired goes through verified, with the token the site renewed', async ({ page, api, customerApp }) => {
  test.setTimeout(90_000);
  const app = await customerApp(SHORT_TTL_SECONDS);
  await enforceWithoutLeeway(api, app.widgetId);
  const renewals: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/chat-token') renewals.push(req.url());
  });
  await signInAs(page, app, 'Ada Lovelace');
  const servedBefore = Date.now();
  await openChat(page);
  await sendAndSee(page, 'Before my token expires');

  await untilFirstTokenExpired(page, servedBefore, SHORT_TTL_SECONDS);
  expect(renewals.length).toBeGreaterThan(0);
  await sendAndSee(page, 'After my first token expired');
  await expect(bubble(page, 'After my first token expired')).not.toContainText('not verified');
  await expect(widget(page).getByRole('alert')).toBeHidden();
  await expect(widget(page)).not.toContainText('Your sign-in has expired');
  expect((await onlyTicket(api)).messages).toEqual([
    expect.objectContaining({ text: 'Before my token expires', authenticated: true }),
    expect.objectContaining({ text: 'After my first token expired', authenticated: true }),
  ]);
});

test('when the site has no fresh token, the widget says the sign-in expired and keeps the message in the box', async ({ page, api, customerApp }) => {
  test.setTimeout(90_000);
  const app = await customerApp(SHORT_TTL_SECONDS);
  await enforceWithoutLeeway(api, app.widgetId);
  // The site's own session ended on its server: /chat-token has nobody to sign for.
  await page.route('**/chat-token', (route) => route.fulfill({ status: 401, json: { error: 'signed out' } }));
  await signInAs(page, app, 'Ada Lovelace');
  const servedBefore = Date.now();
  await openChat(page);
  await sendAndSee(page, 'Before my token expires');

  await untilFirstTokenExpired(page, servedBefore, SHORT_TTL_SECONDS);
  await send(page, 'Nobody renewed my token');
  await expect(widget(page).getByRole('alert')).toHaveText('Your sign-in has expired. Sign in again to send this message.');
  await expect(page.getByRole('textbox', { name: 'Message' })).toHaveValue('Nobody renewed my token');
  await expect(bubble(page, 'Nobody renewed my token')).toHaveCount(0);
  await expect(bubble(page, 'Before my token expires')).toBeVisible();
  expect((await onlyTicket(api)).messages.map((m) => m.text)).toEqual(['Before my token expires']);
});

test('when an admin signs the person out, their open widget clears and says so', async ({ page, api, customerApp }) => {
  const app = await customerApp();
  await signInAs(page, app, 'Ada Lovelace');
  await openChat(page);
  await sendAndSee(page, 'Someone else may be using my account');

  expect(await api.call<{ revoked: number }>('sessions.revokeForIdentity', { email: 'ada@example.com' })).toEqual({ revoked: 1 });
  await expect(widget(page).getByRole('status')).toHaveText('You were signed out. Start a new chat to continue.');
  await expect(widget(page).getByRole('listitem')).toHaveCount(0);

  await page.reload();
  await openChat(page);
  await expect(widget(page)).not.toContainText('Someone else may be using my account');
  await sendAndSee(page, 'A new chat');
  expect((await api.call<{ items: unknown[] }>('tickets.list', { limit: 10 })).items).toHaveLength(2);
});
