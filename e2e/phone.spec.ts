import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';

test.use({ viewport: { width: 390, height: 844 } });

/** The page is no wider than the phone: nothing makes it scroll sideways (and if something does, which). */
async function expectFits(page: Page) {
  const { width, widest } = await page.evaluate(() => {
    const clipped = (el: HTMLElement) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true;
      return false;
    };
    const beyond = [...document.body.querySelectorAll<HTMLElement>('*')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(el));
    const leaves = beyond.filter((el) => !beyond.some((other) => other !== el && el.contains(other)));
    return {
      width: document.documentElement.scrollWidth,
      widest: leaves.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').slice(0, 40)}"`),
    };
  });
  expect(width, `wider than the phone: ${widest.join('; ')}`).toBeLessThanOrEqual(390);
}

/** A visitor without a token starts a chat on the widget, as the widget would (the ticket an agent then sees). */
async function visitorChats(page: Page, widgetName: string, message: string) {
  const row = page.getByRole('row', { name: new RegExp(widgetName) });
  const widgetToken = await row.locator('code').innerText();
  const href = (await row.getByRole('link', { name: `Configure ${widgetName}` }).getAttribute('href')) ?? '';
  const widgetId = /widgets\/([^/]+)\//.exec(href)?.[1];
  const status = await page.evaluate(
    async (body) =>
      (await fetch('/webchat/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
    { widgetId, widgetToken, message },
  );
  expect(status).toBe(201);
}

test('on a phone every screen is reached through the menu, fits the width, and signing out works', async ({ page, go, login, snapshot, target, users }) => {
  await go('/');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expectFits(page);
  await snapshot('phone-sign-in');

  await login();
  await expect(page.getByRole('heading', { name: 'Widgets', level: 1 })).toBeVisible();
  await expectFits(page);
  await snapshot('phone-widgets');
  await visitorChats(page, 'Website chat', 'Where is my parcel?');

  const menu = page.getByRole('button', { name: 'Menu', exact: true });
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();

  // The menu opens as a list under the bar and takes focus; Escape folds it and focus comes back.
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Widgets' })).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `e2e/output/screens/${target}/phone-menu.png` });
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();

  /** Opens a screen through the menu; the menu folds away and the screen fits. */
  const visit = async (link: string, heading: string | RegExp, shot: string) => {
    await menu.click();
    await nav.getByRole('link', { name: link, exact: true }).click();
    await expect(nav).toBeHidden();
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0);
    await expectFits(page);
    await snapshot(shot);
  };

  await visit('Tickets', 'Tickets', 'phone-tickets');
  await page.getByRole('link', { name: 'Where is my parcel?' }).first().click();
  await expect(page.getByRole('heading', { name: 'Where is my parcel?', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Contact' })).toContainText('Anonymous visitor');
  await expectFits(page);
  await snapshot('phone-ticket');

  await visit('Widgets', 'Widgets', 'phone-widgets-again');
  await page.getByRole('link', { name: 'Configure Website chat' }).click();
  await expect(page.getByRole('heading', { name: 'Website chat', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Enforcement' })).toBeVisible();
  await expectFits(page);
  await snapshot('phone-user-auth');

  // Its confirmation fits too, with both actions on screen.
  await page.getByRole('radio', { name: /^Enforce user authentication/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Enforce user authentication?' });
  await expect(dialog.getByText(/in the last 7 days/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Enforce' })).toBeInViewport();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport();
  await expectFits(page);
  await page.screenshot({ path: `e2e/output/screens/${target}/phone-enforce-dialog.png` });
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('navigation', { name: 'Widget settings' }).getByRole('link', { name: 'Readiness' }).click();
  await expect(page).toHaveURL(/\/readiness$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectFits(page);
  await snapshot('phone-readiness');

  await visit('Activity', /Activity/, 'phone-activity');
  await visit('Fields', /Fields/, 'phone-fields');
  await visit('API keys', 'API keys', 'phone-api-keys');
  if (target === 'demo') await visit('Try the widget', 'Try the widget', 'phone-try-widget');

  // The account menu is still there, and Sign out works.
  await page.getByRole('button', { name: `Account menu for ${users.admin.name}` }).click();
  await expect(page.getByRole('menu')).toBeInViewport();
  await page.screenshot({ path: `e2e/output/screens/${target}/phone-account-menu.png` });
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByLabel('Email')).toBeVisible();
});

test('on a phone an agent has the menu too, with the screens agents may use', async ({ page, login, users }) => {
  await login(users.agent);
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link')).toHaveText(['Widgets', 'Tickets']);
  await nav.getByRole('link', { name: 'Tickets' }).click();
  await expect(page.getByRole('heading', { name: 'Tickets', level: 1 })).toBeVisible();
  await expectFits(page);
});
