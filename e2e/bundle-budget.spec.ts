import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, openUserAuth, test } from './fixtures.ts';

/** SPEC budget for the console's first screen: 150 KB of JavaScript, gzip. */
const FIRST_SCREEN_BUDGET = 150 * 1024;

/** Records the built JS files the page fetches, and their gzip size as the server would send them. */
function recordScripts(page: Page) {
  const files = new Set<string>();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith('.js')) files.add(url.pathname);
  });
  return {
    files: () => [...files],
    gzipBytes: () => [...files].reduce((sum, file) => sum + gzipSync(readFileSync(path.join('dist/client', file))).length, 0),
  };
}

test('the sign-in screen and the Widgets screen each load under 150 KB of gzip JavaScript', async ({ page, login }) => {
  const signInScripts = recordScripts(page);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(signInScripts.gzipBytes()).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
  // The signed-in console is not part of the sign-in screen.
  expect(signInScripts.files().some((f) => /Console|UserAuthPage|ApiKeysPage/.test(f))).toBe(false);

  await login();
  // A returning admin opens the console at /widgets: a fresh page with the session cookie.
  const fresh = await page.context().newPage();
  const widgetScripts = recordScripts(fresh);
  await fresh.goto('/widgets');
  await expect(fresh.getByRole('link', { name: 'Configure Website chat' })).toBeVisible();
  expect(widgetScripts.gzipBytes()).toBeLessThanOrEqual(FIRST_SCREEN_BUDGET);
  // Screens not shown yet load when first opened.
  expect(widgetScripts.files().some((f) => /UserAuthPage|ApiKeysPage|SignInPage/.test(f))).toBe(false);
  await openUserAuth(fresh, 'Website chat');
  expect(widgetScripts.files().some((f) => /UserAuthPage/.test(f))).toBe(true);
});
