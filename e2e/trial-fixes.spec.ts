import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, serverOnly, test } from './fixtures.ts';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = b64({ email: 'ada@example.com', exp: Math.floor(Date.now() / 1000) + 600 });

/** One chat start for each way a token fails, and one without a token, on a widget that does not enforce. */
const TOKENS = [
  null,
  'not-a-jwt',
  `${b64({ alg: 'none', typ: 'JWT' })}.${claims}.`,
  `${b64({ alg: 'HS256', typ: 'JWT', kid: 'no-such-key' })}.${claims}.c2lnbmF0dXJl`,
  `${b64({ alg: 'HS256', typ: 'JWT' })}.${claims}.c2lnbmF0dXJl`,
  `${b64({ alg: 'HS256', typ: 'JWT' })}.${'a'.repeat(9000)}.c2lnbmF0dXJl`,
];

/** Visitors start chats on a widget from the Widgets list, as the widget would (the same route, from the page). */
async function visitorsChat(page: Page, widgetName: string, tokens: readonly (string | null)[]) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Widgets' }).click();
  const row = page.getByRole('row', { name: new RegExp(widgetName) });
  const widgetToken = await row.locator('code').innerText();
  const href = (await row.getByRole('link', { name: `Configure ${widgetName}` }).getAttribute('href')) ?? '';
  const widgetId = /widgets\/([^/]+)\//.exec(href)?.[1];
  const statuses = await page.evaluate(
    async ({ widgetId, widgetToken, tokens }) => {
      const answers: number[] = [];
      for (const jwtAuthToken of tokens) {
        const body = JSON.stringify({ widgetId, widgetToken, message: 'Hello', ...(jwtAuthToken ? { jwtAuthToken } : {}) });
        answers.push((await fetch('/webchat/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status);
      }
      return answers;
    },
    { widgetId, widgetToken, tokens },
  );
  expect(statuses.every((s) => s === 201)).toBe(true);
}

test('the Enforce confirmation keeps its actions on screen with many reasons, and its reasons add up to its header', async ({ page, login, target }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await login();
  await visitorsChat(page, 'Website chat', TOKENS);
  await openUserAuth(page, 'Website chat');
  const enforcement = page.getByRole('region', { name: 'Enforcement' });
  const dialog = page.getByRole('dialog', { name: 'Enforce user authentication?' });

  // The counts reach readiness within seconds; the confirmation asks afresh each time it opens.
  const reasons = ['TOKEN_MISSING', 'TOKEN_TOO_LARGE', 'TOKEN_MALFORMED', 'ALG_NOT_ALLOWED', 'KEY_UNKNOWN', 'SIGNATURE_INVALID'];
  await expect(async () => {
    if (await dialog.isVisible()) {
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    }
    await enforcement.getByRole('radio', { name: /^Enforce user authentication/ }).click();
    for (const code of reasons) await expect(dialog.getByRole('row', { name: new RegExp(code) })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [1_000] });

  await expect(dialog.getByRole('button', { name: 'Enforce' })).toBeInViewport();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport();
  await expect(dialog.locator(':focus')).toBeInViewport();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `e2e/output/screens/${target}/enforce-dialog-many-reasons.png` });

  const header = await dialog.getByText(/had no valid token and would have been refused/).innerText();
  const refused = Number(/^(\d+)/.exec(header)?.[1]);
  const counts = await dialog.getByRole('table').locator('tbody td:nth-of-type(1)').allInnerTexts();
  expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(refused);
  expect(refused).toBeGreaterThanOrEqual(TOKENS.length);
  await expect(dialog.getByRole('row', { name: /No token TOKEN_MISSING/ })).toBeVisible();

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('the asynchronous loader from the Install card loads the widget once and starts it', async ({ page, context, login, target }) => {
  serverOnly(target, 'widget.js is served by the chat service, which the static demo host does not have');
  await login();
  await openUserAuth(page, 'Website chat');
  const install = page.getByRole('region', { name: 'Install' });
  await install.getByRole('button', { name: 'Asynchronous loader' }).click();
  const snippet = (await install.locator('pre code').first().innerText()).replace('<token from your server>', '');

  // A customer's page with the snippet pasted twice (a template and a partial both have it).
  const shop = await context.newPage();
  await shop.setContent(`<!doctype html><html><head><title>Shop</title></head><body><h1>Shop</h1>${snippet}${snippet}</body></html>`);
  await expect(shop.getByRole('button', { name: 'Chat', exact: true })).toBeVisible();
  await expect(shop.locator('#wca-widget-js')).toHaveCount(1);
  await expect(shop.locator('fd-webchat')).toHaveCount(1);
  await shop.getByRole('button', { name: 'Chat', exact: true }).click();
  await shop.getByRole('textbox', { name: 'Message' }).fill('Hello from the shop');
  await shop.getByRole('button', { name: 'Send' }).click();
  await expect(shop.getByRole('status').filter({ hasText: 'Chat started' })).toBeVisible();
});
