import { expect, openUserAuth, test } from './fixtures.ts';

test('two admins edit the same widget: the later save is refused with a reload, never overwriting', async ({ page, secondAdmin, login, snapshot }) => {
  await login();
  await openUserAuth(page, 'Website chat');

  const other = await secondAdmin();
  await openUserAuth(other, 'Website chat');

  // The other admin saves first.
  const theirFields = other.getByRole('region', { name: 'Editable fields' });
  await theirFields.getByRole('checkbox', { name: /Priority/ }).click();
  await theirFields.getByRole('button', { name: 'Save' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Editable fields saved.' })).toBeVisible();

  // This admin, still looking at the old version, saves a different change.
  const fields = page.getByRole('region', { name: 'Editable fields' });
  await fields.getByRole('checkbox', { name: /Plan/ }).click();
  await fields.getByRole('button', { name: 'Save' }).click();
  await expect(fields.getByRole('alert')).toContainText('changed by someone else — reload');
  await snapshot('conflict');

  await fields.getByRole('button', { name: 'Reload' }).click();
  await expect(fields.getByRole('alert')).toBeHidden();
  await expect(fields.getByRole('checkbox', { name: /Priority/ })).toBeChecked();
  await expect(fields.getByRole('checkbox', { name: /Plan/ })).not.toBeChecked();

  // The other admin's change stands.
  await other.reload();
  await expect(other.getByRole('region', { name: 'Editable fields' }).getByRole('checkbox', { name: /Priority/ })).toBeChecked();
  await expect(other.getByRole('region', { name: 'Editable fields' }).getByRole('checkbox', { name: /Plan/ })).not.toBeChecked();
});

test('enforcing from a stale screen is refused too', async ({ page, secondAdmin, login }) => {
  await login();
  await openUserAuth(page, 'Customer portal');
  const other = await secondAdmin();
  await openUserAuth(other, 'Customer portal');
  await other.getByRole('region', { name: 'Token policy' }).getByLabel('Clock leeway (seconds)').fill('30');
  await other.getByRole('button', { name: 'Save policy' }).click();
  await expect(other.getByRole('status').filter({ hasText: 'Token policy saved.' })).toBeVisible();

  await page.getByRole('radio', { name: /^Enforce user authentication/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Enforce user authentication?' });
  await dialog.getByRole('button', { name: 'Enforce' }).click();
  await expect(dialog.getByRole('alert')).toContainText('changed by someone else — reload');
  await dialog.getByRole('button', { name: 'Reload' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: 'Token policy' }).getByLabel('Clock leeway (seconds)')).toHaveValue('30');
  await expect(page.getByRole('radio', { name: /^Don't enforce user authentication/ })).toBeChecked();
});
