import { seriousViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';

test('an admin creates an API key, sees it once, and revokes it', async ({ page, login, users, target, snapshot, request, baseURL }) => {
  await login();
  await page.getByRole('button', { name: `Account menu for ${users.admin.name}` }).click();
  await page.getByRole('menuitem', { name: 'API keys' }).click();
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();
  await expect(page.getByText('No API keys yet.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('api-keys-empty');

  // The name is checked by the same schema as the server's.
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expect(page.getByText('Give the key a name')).toBeVisible();

  await page.getByLabel('Name').fill('Deploy pipeline');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog', { name: 'API key “Deploy pipeline” created' });
  await expect(dialog).toContainText('shown this once');
  const key = await dialog.getByRole('textbox', { name: 'New API key' }).inputValue();
  expect(key).toMatch(/^wca_/);
  expect(await seriousViolations(page)).toEqual([]);
  // The key itself never goes into a screenshot.
  await snapshot('api-key-created', { mask: [dialog.getByRole('textbox', { name: 'New API key' })] });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row', { name: /Deploy pipeline/ });
  await expect(row).toContainText('Active');
  expect(await page.content()).not.toContain(key);
  await snapshot('api-keys');

  // The key works until it is revoked.
  // Server only: a script calling the API with the key (the demo has no API outside the page).
  const call = () => request.get(`${baseURL}/api/trpc/widgets.list`, { headers: { authorization: `Bearer ${key}` } });
  if (target === 'server') expect((await call()).status()).toBe(200);

  await row.getByRole('button', { name: 'Revoke Deploy pipeline' }).click();
  await page.getByRole('dialog', { name: 'Revoke API key “Deploy pipeline”?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'API key “Deploy pipeline” is revoked.' })).toBeVisible();
  await expect(row).toBeHidden();
  await expect(page.getByText('Every key is revoked.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Keys', level: 2 })).toBeFocused();
  await page.getByRole('button', { name: 'Show revoked keys (1)' }).click();
  await expect(row).toContainText('Revoked');
  if (target === 'server') expect((await call()).status()).toBe(401);
});
