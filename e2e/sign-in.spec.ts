import { seriousViolations } from './axe.ts';
import { ADMIN, expect, test } from './fixtures.ts';

test('an admin signs in, sees the widgets with their authentication status, and signs out', async ({ page, login, snapshot }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to your help desk' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('sign-in');

  await login(ADMIN);
  const table = page.getByRole('table');
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByText('Website chat')).toBeVisible();
  await expect(table.getByText('Not enforced')).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('widgets');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Widgets' })).toBeVisible();

  await page.getByRole('button', { name: `Account menu for ${ADMIN.name}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a wrong password is refused with a message next to the form, and nothing else changes', async ({ page, snapshot }) => {
  await page.goto('/');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.');
  await snapshot('sign-in-error');
});

test('an empty form names what is missing', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter an email address')).toBeVisible();
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter a valid email address')).toBeVisible();
  await expect(page.getByText('Enter your password')).toBeVisible();
});
