import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { adminApi, startCustomerApp as customerApp } from './customer-app.ts';
import { ADMIN, AGENT, expect, serverOnly, signIn, test } from './fixtures.ts';

/**
 * The codes of the widget's `fdwidget:refused` events on this page, from now on. The widget shows
 * the visitor its own sentence; the code says which refusal it was.
 */
async function recordRefusals(page: Page): Promise<() => Promise<(string | null)[]>> {
  type Recorder = { fdRefusals: (string | null)[] };
  await page.evaluate(() => {
    const w = window as unknown as Recorder;
    w.fdRefusals = [];
    window.addEventListener('fdwidget:refused', (event) => w.fdRefusals.push((event as CustomEvent<{ code: string | null }>).detail.code));
  });
  return () => page.evaluate(() => (window as unknown as Recorder).fdRefusals);
}

/** A visitor opens the widget on a page of the customer's app and sends their first message. */
async function chat(page: Page, message: string) {
  await page.getByRole('button', { name: 'Chat', exact: true }).click();
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
}

test('a signed-in customer’s chat reaches the agent verified with the token’s fields; an anonymous one carries the tag', async ({ page, browser, request, baseURL, snapshot, target }) => {
  onServer(target);
  const url = baseURL ?? '';
  const api = await adminApi(request, url);
  const app = await customerApp(api, url);
  try {
    const customer = await browser.newPage();
    await customer.goto(app.url);
    await customer.getByRole('button', { name: 'Sign in as Ada Lovelace' }).click();
    await expect(customer.getByText('Signed in as')).toContainText('Ada Lovelace');
    await chat(customer, 'My order ORD-1815 has not arrived');
    await expect(customer.getByRole('status').filter({ hasText: 'Chat started' })).toBeVisible();
    await takeWidgetShot(customer, 'widget-chat-started');
    // The token travels in the page's script, never in what the widget shows.
    await expect(customer.getByRole('dialog', { name: 'Chat with us' })).not.toContainText('eyJ');

    const visitor = await browser.newPage();
    await visitor.goto(`${app.url}/anonymous`);
    await chat(visitor, 'Do you ship to Norway?');
    await expect(visitor.getByRole('status').filter({ hasText: 'Chat started' })).toBeVisible();

    // The agent sees both: the verified one without a tag, the anonymous one tagged.
    await signIn(page, AGENT, { target, base: url });
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Tickets' }).click();
    const verifiedRow = page.getByRole('row', { name: /My order ORD-1815/ });
    const anonymousRow = page.getByRole('row', { name: /Do you ship to Norway/ });
    await expect(verifiedRow).toContainText('Ada Lovelace (ada@example.com)');
    await expect(verifiedRow).not.toContainText('Unauthenticated session');
    await expect(anonymousRow).toContainText('Unauthenticated session');
    await expect(anonymousRow).toContainText('Anonymous visitor');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot('tickets');

    await verifiedRow.getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'My order ORD-1815 has not arrived', level: 1 })).toBeVisible();
    await expect(page.getByText('Unauthenticated session')).toHaveCount(0);
    const contact = page.getByRole('region', { name: 'Contact' });
    await expect(contact).toContainText('Ada Lovelace');
    await expect(contact).toContainText('ada@example.com');
    await expect(contact).toContainText('Customer tierGold');
    await expect(contact).toContainText('Verified by your site’s signed token.');
    const conversation = page.getByRole('region', { name: 'Conversation' });
    await expect(conversation).toContainText('PlanGrowth');
    await expect(conversation).toContainText('Order numberORD-1815');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot('ticket-verified');

    await page.goBack();
    await anonymousRow.getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'Do you ship to Norway?', level: 1 })).toBeVisible();
    await expect(page.getByText('Unauthenticated session')).toBeVisible();
    await expect(page.getByText("The visitor's browser sent no token from your site; this widget lets them chat unverified.", { exact: false })).toBeVisible();
    await snapshot('ticket-unauthenticated');

    // The admin's Enforce confirmation shows what enforcing would have refused.
    await page.context().clearCookies();
    await signIn(page, ADMIN, { target, base: url });
    await page.getByRole('link', { name: 'Configure Website chat' }).click();
    await page.getByRole('radio', { name: /^Enforce user authentication/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Enforce user authentication?' });
    await expect(dialog).toContainText('2 chats in the last 7 days · 50% authenticated');
    await expect(dialog).toContainText('1 of them had no valid token and would have been refused.');
    expect(await seriousViolations(page)).toEqual([]);
    await snapshot('enforce-dialog-readiness');
  } finally {
    await app.close();
  }
});

test('after enforcing, a chat without a token is refused with a clear message and creates nothing', async ({ browser, request, baseURL, target }) => {
  onServer(target);
  const url = baseURL ?? '';
  const api = await adminApi(request, url);
  const app = await customerApp(api, url);
  try {
    await api.call('userAuth.enforce', { widgetId: app.widgetId, expectedVersion: 1 });
    const visitor = await browser.newPage();
    await visitor.goto(`${app.url}/anonymous`);
    const refusals = await recordRefusals(visitor);
    await chat(visitor, 'Hello?');
    await expect(visitor.getByRole('alert')).toHaveText('Please sign in to chat with us. This chat is only for signed-in customers.');
    await expect.poll(refusals).toEqual(['TOKEN_MISSING']);
    // Nothing typed is lost: the message waits in the box.
    await expect(visitor.getByRole('textbox', { name: 'Message' })).toHaveValue('Hello?');
    await takeWidgetShot(visitor, 'widget-refused');
    expect((await api.call<{ items: unknown[] }>('tickets.list', { limit: 10 })).items).toEqual([]);

    // A signed-in customer still chats.
    const customer = await browser.newPage();
    await customer.goto(app.url);
    await customer.getByRole('button', { name: 'Sign in as Grace Hopper' }).click();
    await chat(customer, 'Invoice question');
    await expect(customer.getByRole('status').filter({ hasText: 'Chat started' })).toBeVisible();
    expect((await api.call<{ items: { authenticated: boolean }[] }>('tickets.list', { limit: 10 })).items).toEqual([
      expect.objectContaining({ authenticated: true }),
    ]);
  } finally {
    await app.close();
  }
});

test('after a rotation with grace, tokens signed with the old key work until it is revoked', async ({ browser, request, baseURL, target }) => {
  onServer(target);
  const url = baseURL ?? '';
  const api = await adminApi(request, url);
  const app = await customerApp(api, url); // signs with the key active now
  try {
    await api.call('userAuth.enforce', { widgetId: app.widgetId, expectedVersion: 1 });
    const [oldKey] = await api.call<{ kid: string }[]>('signingKeys.list');
    await api.call('signingKeys.generate', { graceSeconds: 86_400 });

    const customer = await browser.newPage();
    await customer.goto(app.url);
    await customer.getByRole('button', { name: 'Sign in as Ada Lovelace' }).click();
    await chat(customer, 'Still works during the grace window');
    await expect(customer.getByRole('status').filter({ hasText: 'Chat started' })).toBeVisible();

    await api.call('signingKeys.revoke', { kid: oldKey?.kid });
    await customer.reload(); // a fresh token, still signed with the old key
    const refusals = await recordRefusals(customer);
    await chat(customer, 'And after the revocation?');
    // The visitor is told plainly; which key and why is for the console (Recent failures), not them.
    await expect(customer.getByRole('alert')).toHaveText("We couldn't confirm your sign-in, so this chat can't start. Try signing in again.");
    await expect.poll(refusals).toEqual(['KEY_UNKNOWN']);
    // A token that proves nobody shows nobody's conversation, not even the chat from before the reload.
    await expect(customer.getByRole('dialog', { name: 'Chat with us' })).not.toContainText('Still works during the grace window');
  } finally {
    await app.close();
  }
});

function onServer(target: 'server' | 'demo') {
  serverOnly(target, 'the sample app signs tokens on its own server and embeds the widget from the real one');
}

async function takeWidgetShot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/output/screens/${name}.png` });
}
