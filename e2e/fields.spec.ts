import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';

const SHOTS = '/tmp/shots/activity-fields';

/** The screen at a desktop's and a phone's size; a dialog (fixed over the page) as the viewport shows it. */
async function shots(page: Page, name: string, fullPage = true) {
  mkdirSync(SHOTS, { recursive: true });
  // The toasts of the steps before would cover the screen.
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('button[aria-label="Dismiss"]').forEach((b) => b.click()));
  for (const [width, height] of [[1280, 720], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

const openFields = async (page: Page) => {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Fields' }).click();
  await expect(page.getByRole('heading', { name: 'Fields', level: 1 })).toBeVisible();
};

test('a custom field added on Fields shows in a widget’s Editable fields, and leaves it when archived', async ({ page, login, snapshot, target }) => {
  await login();
  await openFields(page);
  const ticketFields = page.getByRole('table', { name: 'Ticket fields' });
  await expect(ticketFields.getByRole('row', { name: /^Project/ })).toContainText('cf_project');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('fields');
  await shots(page, `${target}-fields`);

  await page.getByRole('button', { name: 'Add custom field' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a custom field' });
  await dialog.getByLabel('Label').fill('Delivery window');
  await expect(dialog.getByLabel('API name')).toHaveValue('cf_delivery_window');
  await dialog.getByLabel('Type').selectOption({ label: 'Dropdown' });
  await dialog.getByLabel('Choices, one per line').fill('Morning\nAfternoon');
  expect(await seriousViolations(page)).toEqual([]);
  await shots(page, `${target}-fields-add`, false);
  await dialog.getByRole('button', { name: 'Add field' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Custom field “Delivery window” (cf_delivery_window) is added to the ticket fields.' })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(ticketFields.getByRole('row', { name: /^Delivery window/ })).toContainText('Morning, Afternoon');

  await openUserAuth(page, 'Website chat');
  const editable = page.getByRole('region', { name: 'Editable fields' }).getByRole('group', { name: 'Ticket fields' });
  await expect(editable.getByRole('checkbox', { name: /Delivery window/ })).toBeVisible();

  await openFields(page);
  await ticketFields.getByRole('button', { name: 'Archive Delivery window' }).click();
  const confirm = page.getByRole('dialog', { name: 'Archive “Delivery window”?' });
  await expect(confirm).toContainText('Tokens that carry cf_delivery_window drop it');
  await confirm.getByRole('button', { name: 'Archive field' }).click();
  await expect(page.getByRole('status').filter({ hasText: '“Delivery window” (cf_delivery_window) is archived.' })).toBeVisible();
  await expect(ticketFields.getByRole('row', { name: /^Delivery window/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Archived (1)' }).click();
  await expect(page.getByRole('table', { name: 'Archived fields' }).getByRole('row', { name: /^Delivery window/ })).toContainText('cf_delivery_window');
  expect(await seriousViolations(page)).toEqual([]);
  await shots(page, `${target}-fields-archived`);

  await openUserAuth(page, 'Website chat');
  await expect(page.getByRole('region', { name: 'Editable fields' }).getByRole('group', { name: 'Ticket fields' }).getByRole('checkbox', { name: /Plan/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Editable fields' }).getByRole('checkbox', { name: /Delivery window/ })).toHaveCount(0);
});
