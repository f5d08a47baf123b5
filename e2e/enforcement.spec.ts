import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';

const enforceRadio = { name: /^Enforce user authentication/ };
const dontEnforceRadio = { name: /^Don't enforce user authentication/ };

test('enforcing asks first: Cancel and Esc change nothing, Enforce enforces and the list says so', async ({ page, login, snapshot }) => {
  await login();
  await openUserAuth(page, 'Website chat');
  const enforcement = page.getByRole('region', { name: 'Enforcement' });
  await expect(enforcement.getByRole('radio', dontEnforceRadio)).toBeChecked();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('user-auth');

  // Cancel leaves everything as it was, and focus goes back to where it was.
  await enforcement.getByRole('radio', enforceRadio).click();
  const dialog = page.getByRole('dialog', { name: 'Enforce user authentication?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Website chat');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('enforce-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(enforcement.getByRole('radio', dontEnforceRadio)).toBeChecked();
  await expect(page.getByRole('region', { name: 'Editable fields' })).toBeVisible();

  // Esc as well; focus stays trapped in the dialog while it is open.
  await enforcement.getByRole('radio', enforceRadio).click();
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
  await expect(dialog.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(enforcement.getByRole('radio', enforceRadio)).toBeFocused();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Enforcement' }).getByRole('radio', dontEnforceRadio)).toBeChecked();

  // Enforce.
  await page.getByRole('region', { name: 'Enforcement' }).getByRole('radio', enforceRadio).click();
  await dialog.getByRole('button', { name: 'Enforce' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'User authentication is enforced on Website chat.' })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Enforcement' }).getByRole('radio', enforceRadio)).toBeChecked();
  await expect(page.getByRole('region', { name: 'Editable fields' })).toBeHidden();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Enforcement' }).getByRole('radio', enforceRadio)).toBeChecked();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Widgets' }).click();
  await expect(page.getByRole('row', { name: /Website chat/ })).toContainText('Enforced');
  await expect(page.getByRole('row', { name: /Customer portal/ })).toContainText('Not enforced');
});

/** Opens Customer portal's tab and enforces it through the console, as the starting point. */
async function enforcedCustomerPortal(page: Page) {
  await openUserAuth(page, 'Customer portal');
  const enforcement = page.getByRole('region', { name: 'Enforcement' });
  await enforcement.getByRole('radio', enforceRadio).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enforce' }).click();
  await expect(enforcement.getByRole('radio', enforceRadio)).toBeChecked();
  return enforcement;
}

test('disabling asks first, then which fields visitors may edit, and keeps them after a reload', async ({ page, login, snapshot }) => {
  await login();
  const enforcement = await enforcedCustomerPortal(page);

  await enforcement.getByRole('radio', dontEnforceRadio).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toHaveAccessibleName("Don't enforce user authentication?");
  await snapshot('disable-dialog');
  await dialog.getByRole('button', { name: 'Disable' }).click();
  await expect(dialog).toHaveAccessibleName('Fields unauthenticated visitors may edit');
  await expect(dialog).toContainText('These limits do not apply to AI agents');
  await dialog.getByRole('group', { name: 'Ticket fields' }).getByRole('checkbox', { name: /Order number/ }).click();
  await dialog.getByRole('group', { name: 'Contact fields' }).getByRole('checkbox', { name: /Mobile phone/ }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('disable-fields');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'User authentication is no longer enforced.' })).toBeVisible();
  await expect(enforcement.getByRole('radio', dontEnforceRadio)).toBeChecked();

  await page.reload();
  const fields = page.getByRole('region', { name: 'Editable fields' });
  await expect(fields.getByRole('checkbox', { name: /Order number/ })).toBeChecked();
  await expect(fields.getByRole('checkbox', { name: /Mobile phone/ })).toBeChecked();
  await expect(fields.getByRole('checkbox', { name: /Plan/ })).not.toBeChecked();
});

test('cancelling the field choice after Disable leaves the widget enforced', async ({ page, login }) => {
  await login();
  const enforcement = await enforcedCustomerPortal(page);

  await enforcement.getByRole('radio', dontEnforceRadio).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
  await page.getByRole('dialog').getByRole('checkbox', { name: /Order number/ }).click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Enforcement' }).getByRole('radio', enforceRadio)).toBeChecked();
});
