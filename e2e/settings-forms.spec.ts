import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';

test('editable fields: Reset undoes, leaving with unsaved changes asks first, Save keeps them', async ({ page, login, snapshot }) => {
  await login();
  await openUserAuth(page, 'Website chat');
  const fields = page.getByRole('region', { name: 'Editable fields' });
  const plan = fields.getByRole('checkbox', { name: /Plan/ });
  await expect(fields.getByRole('button', { name: 'Save' })).toBeDisabled();

  await plan.click();
  await expect(fields.getByText('Unsaved changes')).toBeVisible();
  await fields.getByRole('button', { name: 'Reset' }).click();
  await expect(plan).not.toBeChecked();
  await expect(fields.getByText('Unsaved changes')).toBeHidden();

  // Keyboard: Space toggles a checkbox.
  await plan.focus();
  await page.keyboard.press('Space');
  await expect(plan).toBeChecked();

  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Widgets' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(leave).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('unsaved-changes');
  await leave.getByRole('button', { name: 'Stay' }).click();
  await expect(plan).toBeChecked();

  await fields.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Editable fields saved.' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Widgets' }).click();
  await expect(page.getByRole('heading', { name: 'Widgets', level: 1 })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('region', { name: 'Editable fields' }).getByRole('checkbox', { name: /Plan/ })).toBeChecked();
});

test('token policy: a value out of range is named next to its field and nothing is saved', async ({ page, login }) => {
  await login();
  await openUserAuth(page, 'Website chat');
  const policy = page.getByRole('region', { name: 'Token policy' });
  const leeway = policy.getByLabel('Clock leeway (seconds)');
  await leeway.fill('500');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByText('Clock leeway is at most 300 seconds')).toBeVisible();
  await expect(leeway).toHaveAttribute('aria-invalid', 'true');

  await leeway.fill('');
  await policy.getByRole('button', { name: 'Save policy' }).click();
  await expect(policy.getByText('Clock leeway must be a number of seconds')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Token policy' }).getByLabel('Clock leeway (seconds)')).toHaveValue('60');

  await page.getByRole('region', { name: 'Token policy' }).getByLabel('Clock leeway (seconds)').fill('120');
  await page.getByRole('region', { name: 'Token policy' }).getByLabel('Maximum token lifetime (seconds)').fill('3600');
  await expect(page.getByRole('region', { name: 'Token policy' })).toContainText('now 1 h');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Token policy saved.' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Token policy' }).getByLabel('Clock leeway (seconds)')).toHaveValue('120');
  await expect(page.getByRole('region', { name: 'Token policy' }).getByLabel('Maximum token lifetime (seconds)')).toHaveValue('3600');
});

test('the install snippets are filled in for the widget and copy as shown; the secret is never in them', async ({ page, context, login, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await login();
  await openUserAuth(page, 'Website chat');
  const install = page.getByRole('region', { name: 'Install' });
  const widgetId = page.url().split('/widgets/')[1]?.split('/')[0] ?? '';
  const embed = install.getByRole('code').filter({ hasText: 'fdWidget.init' });
  await expect(embed).toContainText(`host: "${new URL(baseURL ?? '').origin}"`);
  await expect(embed).toContainText(`widgetId: "${widgetId}"`);
  await expect(embed).toContainText('jwtAuthToken');
  await install.getByRole('button', { name: 'Copy snippet' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await embed.textContent());

  for (const [language, reads] of [['Node.js', 'process.env.WEBCHAT_AUTH_SECRET'], ['Python', 'os.environ["WEBCHAT_AUTH_SECRET"]'], ['Ruby', 'ENV.fetch("WEBCHAT_AUTH_SECRET")']] as const) {
    await install.getByRole('button', { name: language, exact: true }).click();
    await expect(install.getByRole('button', { name: language, exact: true })).toHaveAttribute('aria-pressed', 'true');
    await expect(install).toContainText(reads);
    await install.getByRole('button', { name: `Copy ${language} code` }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(reads);
  }

  await page.getByRole('region', { name: 'Signing key' }).getByRole('button', { name: 'Reveal' }).click();
  const secret = await page.getByRole('textbox', { name: /Active key/ }).inputValue();
  await expect(install).not.toContainText(secret);
});
