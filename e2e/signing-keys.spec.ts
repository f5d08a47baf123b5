import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';

test('generating a key with a grace period keeps both keys; reveal, copy and revoke work', async ({ page, context, login, snapshot }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await login();
  await openUserAuth(page, 'Website chat');
  const card = page.getByRole('region', { name: 'Signing key' });
  const rows = card.getByRole('table', { name: 'Signing keys' }).getByRole('row');
  await expect(rows).toHaveCount(2);
  const oldKid = (await card.getByRole('table').getByRole('code').first().textContent()) ?? '';

  // Reveal the current key first: after the rotation it must not be shown as the new one.
  await card.getByRole('button', { name: 'Reveal' }).click();
  await expect(card.getByRole('textbox', { name: /Active key/ })).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
  const oldSecret = await card.getByRole('textbox', { name: /Active key/ }).inputValue();

  // Generate, choosing a 7-day grace window.
  await card.getByRole('button', { name: 'Generate new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate a new signing key?' });
  await expect(dialog).toContainText('all widgets');
  await expect(dialog.getByRole('radio', { name: '24 hours' })).toBeChecked();
  await dialog.getByRole('radio', { name: '7 days' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  // The key was revealed just before: it never goes into a screenshot.
  await snapshot('generate-key-dialog', { mask: [card.getByRole('textbox', { name: /Active key/ })] });
  await dialog.getByRole('button', { name: 'Generate new key' }).click();
  await expect(page.getByRole('status').filter({ hasText: /New key k_\S+ is active/ })).toBeVisible();
  await expect(rows).toHaveCount(3);
  const oldRow = card.getByRole('row', { name: new RegExp(oldKid) });
  await expect(oldRow).toContainText('Retiring until');
  await expect(card.getByRole('row').filter({ hasText: 'Active' })).toHaveCount(1);
  await expect(card.getByRole('row').filter({ hasText: 'Active' })).not.toContainText(oldKid);
  await snapshot('signing-keys-rotated');

  // A second rotation while one key is retiring is explained, not attempted.
  await card.getByRole('button', { name: 'Generate new key' }).click();
  await expect(dialog.getByText('A previous key is still retiring')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Generate new key' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Reveal shows the secret; Hide masks it again; Copy puts the same secret on the clipboard.
  const secretBox = card.getByRole('textbox', { name: /Active key/ });
  await expect(secretBox).toHaveValue(/^•+.{4}$/);
  await expect(secretBox).not.toHaveValue(new RegExp(oldSecret.slice(-4) + '$'));
  await card.getByRole('button', { name: 'Reveal' }).click();
  await expect(secretBox).toHaveValue(/^[A-Za-z0-9_-]{43}$/);
  const secret = await secretBox.inputValue();
  await card.getByRole('button', { name: 'Hide' }).click();
  await expect(secretBox).toHaveValue(/^•+/);
  await card.getByRole('button', { name: 'Copy', exact: true }).click();
  await expect(card.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  expect(secret).not.toBe(oldSecret);
  await expect(secretBox).not.toHaveValue(secret);

  // Revoke the retiring key, after its own confirmation.
  await oldRow.getByRole('button', { name: `Revoke ${oldKid}` }).click();
  const revokeDialog = page.getByRole('dialog', { name: `Revoke key ${oldKid}?` });
  await expect(revokeDialog).toContainText('stop working at once');
  await snapshot('revoke-key-dialog');
  await revokeDialog.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Key ${oldKid} is revoked` })).toBeVisible();
  // Revoked keys leave the list, one click away; focus lands on the card, not on the page's start.
  await expect(oldRow).toBeHidden();
  await expect(card.getByRole('heading', { name: 'Signing key' })).toBeFocused();
  await card.getByRole('button', { name: 'Show revoked keys (1)' }).click();
  await expect(oldRow).toContainText('Revoked');
  await expect(oldRow.getByRole('button')).toHaveCount(0);

  await page.reload();
  await page.getByRole('region', { name: 'Signing key' }).getByRole('button', { name: 'Show revoked keys (1)' }).click();
  await expect(page.getByRole('region', { name: 'Signing key' }).getByRole('row', { name: new RegExp(oldKid) })).toContainText('Revoked');
});

test('no grace period revokes the old key at once', async ({ page, login }) => {
  await login();
  await openUserAuth(page, 'Customer portal');
  const card = page.getByRole('region', { name: 'Signing key' });
  const oldKid = (await card.getByRole('table').getByRole('code').first().textContent()) ?? '';
  await card.getByRole('button', { name: 'Generate new key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate a new signing key?' });
  await dialog.getByRole('radio', { name: /No grace period/ }).click();
  await expect(dialog.getByRole('alert')).toContainText('refused the moment the new key is generated');
  await dialog.getByRole('button', { name: 'Generate new key' }).click();
  await expect(card.getByRole('row')).toHaveCount(2);
  await card.getByRole('button', { name: 'Show revoked keys (1)' }).click();
  await expect(card.getByRole('row', { name: new RegExp(oldKid) })).toContainText('Revoked');
});
