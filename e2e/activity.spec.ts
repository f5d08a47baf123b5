import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.ts';
import { expect, openUserAuth, test } from './fixtures.ts';

const SHOTS = '/tmp/shots/activity-fields';

/** The screen as it is, at a desktop's and a phone's size. */
async function shots(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  // The toasts of the steps before would cover the screen.
  await page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('button[aria-label="Dismiss"]').forEach((b) => b.click()));
  for (const [width, height] of [[1280, 720], [390, 844]] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function downloadText(page: Page, button: string) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

test('Activity shows this run’s enforcement and key changes, filters them and downloads them as CSV and JSON Lines', async ({ page, login, snapshot, target }) => {
  await login();
  await openUserAuth(page, 'Website chat');

  // Enforce, then rotate the signing key, through the console.
  const enforcement = page.getByRole('region', { name: 'Enforcement' });
  await enforcement.getByRole('radio', { name: /^Enforce user authentication/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Enforce' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'User authentication is enforced on Website chat.' })).toBeVisible();
  const keys = page.getByRole('region', { name: 'Signing key' });
  await keys.getByRole('button', { name: 'Generate new key' }).click();
  await page.getByRole('dialog', { name: 'Generate a new signing key?' }).getByRole('button', { name: 'Generate new key' }).click();
  const generated = page.getByRole('status').filter({ hasText: /New key k_\S+ is active/ });
  await expect(generated).toBeVisible();
  const kid = /New key (k_\S+) is active/.exec((await generated.textContent()) ?? '')?.[1] ?? '';
  expect(kid).not.toBe('');

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('heading', { name: 'Activity', level: 1 })).toBeVisible();
  const log = page.getByRole('table', { name: 'Activity, newest first' });
  const rows = log.getByRole('row').filter({ has: page.locator('time') });
  await expect(rows.first()).toContainText('Signing key generated');
  await expect(rows.first()).toContainText(kid);
  const enforced = rows.filter({ hasText: 'Enforcement turned on' });
  await expect(enforced).toHaveCount(1);
  await expect(enforced).toContainText('Website chat');
  await expect(enforced.locator('time')).toHaveAttribute('title', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  await enforced.getByRole('button', { name: /Show changes/ }).click();
  await expect(page.getByRole('list', { name: 'Changes: Enforcement turned on' })).toHaveText('enforcement: not_enforced → enforced');
  expect(await seriousViolations(page)).toEqual([]);
  await snapshot('activity');
  await shots(page, `${target}-activity`);

  // Everything, as CSV: a header and both of this run's changes.
  const csv = await downloadText(page, 'Download CSV');
  expect(csv.name).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csv.text.split('\r\n');
  expect(lines[0]).toBe('occurredAt,actorType,actorId,actorLabel,action,widgetId,kid,before,after,requestId');
  expect(lines.filter((l) => l.includes(',signing_key.generated,') && l.includes(kid))).toHaveLength(1);
  expect(lines.find((l) => l.includes(',user_auth.enforced,'))).toContain('"{""enforcement"":""not_enforced""}","{""enforcement"":""enforced""}"');
  await expect(page.getByRole('status').filter({ hasText: /Downloaded \d+ events as activity-/ })).toBeVisible();

  // Filtered by action, in the URL and in the download.
  await page.getByLabel('Action').selectOption({ label: 'Signing key generated' });
  await expect(rows).not.toHaveCount(0);
  await expect(rows.filter({ hasNotText: 'Signing key generated' })).toHaveCount(0);
  expect(page.url()).toContain('action=signing_key.generated');
  const jsonl = await downloadText(page, 'Download JSON Lines');
  expect(jsonl.name).toMatch(/^activity-\d{4}-\d{2}-\d{2}\.jsonl$/);
  const events = jsonl.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; kid: string | null });
  expect(events.length).toBeGreaterThan(0);
  expect(events.every((e) => e.action === 'signing_key.generated')).toBe(true);
  expect(events[0]?.kid).toBe(kid);

  await page.getByLabel('Action').selectOption({ label: 'Custom field archived' });
  await expect(page.getByText('No activity matches these filters.')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
