import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer } from '../tests/support/server-process.ts';

export const ADMIN = { email: 'admin@acme.test', password: 'admin-password-123' };
export const AGENT = { email: 'agent@acme.test', password: 'agent-password-123' };

/** The real server (built console + API) on a free port with a fresh data directory. */
async function startServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-e2e-'));
  const server = await spawnServer({
    DATA_DIR: dataDir,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    AGENT_EMAIL: AGENT.email,
    AGENT_PASSWORD: AGENT.password,
  });
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

interface Fixtures {
  login(who?: { email: string; password: string }): Promise<void>;
  snapshot(name: string): Promise<void>;
}

const withServer = base.extend<object, { server: { url: string } }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      const server = await startServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
});

export const test = withServer.extend<Fixtures>({
  baseURL: async ({ server }, use) => use(server.url),
  login: async ({ page }, use) => {
    await use(async (who = ADMIN) => {
      await page.goto('/');
      await page.getByLabel('Email').fill(who.email);
      await page.getByLabel('Password').fill(who.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    });
  },
  snapshot: async ({ page }, use) => {
    await use((name) => takeScreenshot(page, name));
  },
});

export async function takeScreenshot(page: Page, name: string) {
  await page.screenshot({ path: `e2e/output/screens/${name}.png`, fullPage: true });
}

export { expect };
