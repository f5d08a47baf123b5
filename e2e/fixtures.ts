import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer } from '../tests/support/server-process.ts';
import { serverEnv } from './global-setup.ts';
import { ADMIN, AGENT, type Who } from './users.ts';

export { ADMIN, AGENT, expect };

/** The real server (built console + API) on a free port, on its own copy of the seeded data. */
async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const template = process.env.WCA_E2E_TEMPLATE;
  if (!template) throw new Error('e2e/global-setup.ts did not run');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-e2e-'));
  cpSync(template, dataDir, { recursive: true });
  const server = await spawnServer(serverEnv(dataDir));
  await server.ready();
  return {
    url: server.url,
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in screen, as a person would. */
export async function signIn(page: Page, who: Who = ADMIN) {
  await page.goto('/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: `Account menu for ${who.name}` })).toBeVisible();
}

/** Opens a widget's User authentication tab from the Widgets list. */
export async function openUserAuth(page: Page, widgetName: string) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Widgets' }).click();
  await page.getByRole('link', { name: `Configure ${widgetName}` }).click();
  await expect(page.getByRole('heading', { name: widgetName, level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Enforcement' })).toBeVisible();
}

export async function takeScreenshot(page: Page, name: string, options: { mask?: Locator[] } = {}) {
  await page.screenshot({ path: `e2e/output/screens/${name}.png`, fullPage: true, ...options });
}

interface Fixtures {
  server: { url: string };
  login(who?: Who): Promise<void>;
  snapshot(name: string, options?: { mask?: Locator[] }): Promise<void>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
  server: async ({}, use) => {
    const server = await startServer();
    await use(server);
    await server.stop();
  },
  baseURL: async ({ server }, use) => use(server.url),
  login: async ({ page }, use) => use((who) => signIn(page, who)),
  snapshot: async ({ page }, use) => use((name, options) => takeScreenshot(page, name, options)),
});
