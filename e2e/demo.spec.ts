import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';

test.beforeEach(({ target }) => {
  test.skip(target !== 'demo', 'demo mode only');
});

test('the demo answers every API call in the browser: nothing reaches the host but static files', async ({ page, go, login, server, snapshot }) => {
  const apiCalls: { url: string; fromServiceWorker: boolean }[] = [];
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.includes('/api/') || pathname.includes('/webchat/')) apiCalls.push({ url: pathname, fromServiceWorker: response.fromServiceWorker() });
  });
  await go('/');
  const banner = page.getByRole('region', { name: 'Demo mode' });
  await expect(banner).toContainText('Demo mode — data stays in this browser');
  // The real sign-in, filled in with the demo admin, whose credentials the page shows.
  await expect(page.getByLabel('Email')).toHaveValue('admin@example.com');
  await expect(page.getByText('Demo sign-in, filled in above')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('demo-sign-in');

  await login();
  await expect(banner).toBeVisible();
  await openUserAuth(page, 'Website chat');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Tickets' }).click();
  await expect(page.getByRole('row', { name: /Unauthenticated session/ }).first()).toBeVisible();
  await snapshot('demo-tickets');

  expect(apiCalls.length).toBeGreaterThan(3);
  expect(apiCalls.filter((c) => !c.fromServiceWorker)).toEqual([]);
  expect(server.leaked()).toEqual([]);
});

test('the demo agent signs in from the link and sees tickets, not settings', async ({ page, go, users }) => {
  await go('/');
  await page.getByRole('button', { name: 'Sign in as the demo agent' }).click();
  await expect(page.getByRole('button', { name: `Account menu for ${users.agent.name}` })).toBeVisible();
  await expect(page.getByRole('link', { name: /Configure/ })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Tickets' }).click();
  await expect(page.getByRole('heading', { name: 'Tickets', level: 1 })).toBeVisible();
});

test('state survives a reload, and Reset demo puts back the seed', async ({ page, login }) => {
  await login();
  await openUserAuth(page, 'Website chat');
  await page.getByRole('radio', { name: /^Enforce user authentication/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enforce' }).click();
  await expect(page.getByRole('radio', { name: /^Enforce user authentication/ })).toBeChecked();

  await page.reload();
  await expect(page.getByRole('radio', { name: /^Enforce user authentication/ })).toBeChecked();

  await page.getByRole('region', { name: 'Demo mode' }).getByRole('button', { name: 'Reset demo' }).click();
  await page.getByRole('dialog', { name: 'Reset the demo?' }).getByRole('button', { name: 'Reset demo' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await login();
  await openUserAuth(page, 'Website chat');
  await expect(page.getByRole('radio', { name: /^Don't enforce user authentication/ })).toBeChecked();
  // The seed is what is stored now, not only what this page holds.
  await page.reload();
  await expect(page.getByRole('radio', { name: /^Don't enforce user authentication/ })).toBeChecked();
});

test('Try the widget: a signed token, a tampered one and none, each ending as the agent would see it', async ({ page, login, snapshot }) => {
  await login();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Try the widget' }).click();
  await expect(page.getByRole('heading', { name: 'Try the widget', level: 1 })).toBeVisible();
  const message = page.getByLabel('Message');

  await page.getByRole('radio', { name: /Signed in as Ada Lovelace/ }).click();
  await message.fill('Demo question 4711');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByText(/Chat started — authenticated/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('demo-try-widget');

  await page.getByRole('radio', { name: /tampered/ }).click();
  await message.fill('Tampered token 4711');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByText(/unauthenticated/)).toBeVisible();

  await page.getByRole('radio', { name: /Not signed in/ }).click();
  await message.fill('No token 4711');
  await page.getByRole('button', { name: 'Start chat' }).click();
  await expect(page.getByText(/unauthenticated/).first()).toBeVisible();

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Tickets' }).click();
  await expect(page.getByRole('row', { name: /No token 4711/ })).toContainText('Unauthenticated session');
  await expect(page.getByRole('row', { name: /Demo question 4711/ })).not.toContainText('Unauthenticated session');
  await expect(page.getByRole('row', { name: /Tampered token 4711/ })).toContainText('Unauthenticated session');
});
