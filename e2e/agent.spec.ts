import { seriousViolations } from './axe.ts';
import { expect, test } from './fixtures.ts';

test('an agent sees the widgets but no admin controls, and admin pages say they are for admins', async ({ page, go, users, login, snapshot }) => {
  await login(users.agent);
  const table = page.getByRole('table');
  await expect(table.getByText('Website chat')).toBeVisible();
  await expect(page.getByRole('link', { name: /Configure/ })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'API keys' })).toHaveCount(0);
  await page.getByRole('button', { name: `Account menu for ${users.agent.name}` }).click();
  await expect(page.getByRole('menuitem', { name: 'API keys' })).toHaveCount(0);
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible();
  await page.keyboard.press('Escape');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('agent-widgets');

  for (const path of ['/settings/api-keys', '/widgets/any/user-authentication']) {
    await go(path);
    await expect(page.getByText('Only admins can change widget and account settings.')).toBeVisible();
    await expect(page.getByRole('button', { name: /Generate new key|Reveal|Revoke|Create API key/ })).toHaveCount(0);
  }
  await snapshot('agent-admin-page');
});
