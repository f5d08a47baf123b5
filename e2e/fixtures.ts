import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_USERS } from '../client/demo/demo-users.ts';
import { spawnServer } from '../tests/support/server-process.ts';
import { serverEnv } from './global-setup.ts';
import { serveStatic } from './static-server.ts';
import { ADMIN, AGENT, type Who } from './users.ts';

export { ADMIN, AGENT, expect };

/**
 * Where the console under test gets its answers: the real server (built console + API), or the
 * demo build on a plain static host with the API answered in the browser. The same specs run on
 * both; a spec that needs a fact only the server has says so with `serverOnly`.
 */
export type Target = 'server' | 'demo';

/** The seeded people, as each target seeds them (the demo shows its own sign-in). */
const USERS: Record<Target, { admin: Who; agent: Who }> = {
  server: { admin: ADMIN, agent: AGENT },
  demo: { admin: { ...DEMO_USERS.admin, name: ADMIN.name }, agent: { ...DEMO_USERS.agent, name: AGENT.name } },
};

/** The real server on a free port, on its own copy of the seeded data. */
async function startServer(): Promise<{ url: string; leaked: () => string[]; stop(): Promise<void> }> {
  const template = process.env.WCA_E2E_TEMPLATE;
  if (!template) throw new Error('e2e/global-setup.ts did not run');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-e2e-'));
  cpSync(template, dataDir, { recursive: true });
  const server = await spawnServer(serverEnv(dataDir));
  await server.ready();
  return {
    url: server.url,
    leaked: () => [],
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo build under /demo/ of a static host; each test's fresh browser context is a fresh demo. */
async function startDemoHost() {
  const host = await serveStatic(path.resolve('dist-demo'));
  return { url: host.url, leaked: host.leaked, stop: host.close };
}

interface Fixtures {
  server: { url: string; leaked: () => string[] };
  users: { admin: Who; agent: Who };
  /** Opens a console path (`/widgets/…`), in the history the target uses. */
  go(path: string): Promise<void>;
  login(who?: Who): Promise<void>;
  snapshot(name: string, options?: { mask?: Locator[] }): Promise<void>;
  /** A second admin at the same console, for conflicts: another browser, or in the demo another tab. */
  secondAdmin(): Promise<Page>;
}

export const test = base.extend<Fixtures & { target: Target }>({
  target: ['server', { option: true }],
  server: async ({ target }, use) => {
    const server = target === 'demo' ? await startDemoHost() : await startServer();
    await use(server);
    await server.stop();
  },
  baseURL: async ({ server }, use) => use(server.url),
  users: async ({ target }, use) => use(USERS[target]),
  go: async ({ page, target, server }, use) => use((to) => goTo(page, target, server.url, to).then(() => undefined)),
  login: async ({ page, target, server, users }, use) => use((who) => signIn(page, who ?? users.admin, { target, base: server.url })),
  snapshot: async ({ page, target }, use) => use((name, options) => takeScreenshot(page, `${target}/${name}`, options)),
  secondAdmin: async ({ browser, context, target, server, users }, use) => {
    const contexts: { close(): Promise<void> }[] = [];
    await use(async () => {
      if (target === 'demo') {
        // The demo's data is this browser's: a second tab is the second admin.
        const page = await context.newPage();
        await goTo(page, target, server.url, '/');
        return page;
      }
      const other = await browser.newContext({ baseURL: server.url });
      contexts.push(other);
      const page = await other.newPage();
      await signIn(page, users.admin, { target, base: server.url });
      return page;
    });
    for (const c of contexts) await c.close();
  },
});

function goTo(page: Page, target: Target, base: string, to: string) {
  return page.goto(target === 'demo' ? `${base}#${to}` : to);
}

/** Signs in through the sign-in screen, as a person would. */
export async function signIn(page: Page, who: Who, where: { target: Target; base: string }) {
  await goTo(page, where.target, where.base, '/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
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

/** Marks a spec that needs a fact only the real server has; the list is in DEVELOPERS.md. */
export function serverOnly(target: Target, why: string) {
  test.skip(target === 'demo', `server only: ${why}`);
}
