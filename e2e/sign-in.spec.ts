import { seriousViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';

test('an admin signs in, sees the widgets with their authentication status, and signs out', async ({ page, go, users, login, snapshot }) => {
  await go('/');
  await expect(page.getByRole('heading', { name: 'Sign in to your help desk' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('sign-in');

  await login(users.admin);
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByText('Website chat')).toBeVisible();
  await expect(table.getByText('Not enforced')).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('widgets');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Widgets' })).toBeVisible();

  await page.getByRole('button', { name: `Account menu for ${users.admin.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
});

test('a wrong password is refused with a message next to the form, and nothing else changes', async ({ page, go, users, snapshot }) => {
  await go('/');
  await page.getByLabel('Email').fill(users.admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await snapshot('sign-in-error');
});

test('an empty form names what is missing', async ({ page, go }) => {
  await go('/');
  await page.getByLabel('Email').fill('');
  await page.getByLabel('Password').fill('');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter an email address')).toBeVisible();
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Enter your password')).toBeVisible();
});

test('a deep link to a widget tab survives signing in', async ({ page, login, users }) => {
  await login();
  await page.getByRole('link', { name: 'Configure Customer portal' }).click();
  await expect(page.getByRole('heading', { name: 'Customer portal', level: 1 })).toBeVisible();
  const tabUrl = page.url();
  await page.getByRole('button', { name: `Account menu for ${users.admin.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();

  await page.goto(tabUrl);
  await page.reload();
  await page.getByLabel('Email').fill(users.admin.email);
  await page.getByLabel('Password').fill(users.admin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Customer portal', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Enforcement' })).toBeVisible();
  expect(page.url()).toBe(tabUrl);
});

test('an unknown address and an unknown widget say so and lead back', async ({ page, go, login }) => {
  await login();
  await go('/no/such/page');
  await expect(page.getByText('There is nothing at this address.')).toBeVisible();
  await go('/widgets/00000000-0000-4000-8000-000000000000/user-authentication');
  await expect(page.getByRole('alert')).toContainText('There is no such widget in this account.');
  await page.getByRole('link', { name: 'Back to widgets' }).click();
  await expect(page.getByRole('heading', { name: 'Widgets', level: 1 })).toBeVisible();
});

test('the account menu opens from the keyboard and signs out', async ({ page, login, users }) => {
  await login();
  const account = page.getByRole('button', { name: `Account menu for ${users.admin.name}` });
  await account.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(menu).toContainText(`Signed in as ${users.admin.email}`);
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(page.getByRole('button', { name: `Account menu for ${users.admin.name}` })).toBeFocused();

  await page.keyboard.press('Enter');
  await page.getByRole('menuitem', { name: 'Sign out' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out.' })).toBeVisible();
});
