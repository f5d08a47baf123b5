/**
 * The console in headless Chromium against the real server (built console + API, PGlite):
 * how long from pressing Sign in until a widget's User authentication tab is usable, against
 * the bare API round trip the same browser makes in the same run (auth.me over fetch).
 *
 *   npm run build && node --import tsx bench/console.ts [runs]
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnServer } from '../tests/support/server-process.ts';

const RUNS = Number(process.argv[2] ?? 15);
const ADMIN = { email: 'admin@acme.test', password: 'admin-password-123' };

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-bench-console-'));
const server = await spawnServer({ DATA_DIR: dataDir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  await server.ready();
  const widgetId = await findWidgetId();
  const deepLink = `${server.url}/widgets/${widgetId}/user-authentication`;
  const toTab: number[] = [];
  const viaList: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const warmup = i === 0;
    // Cold cache each run: a new context is a new profile, as a first visit would be.
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(deepLink);
      await fill(page);
      const elapsed = await clickAndTimeUntilUsable(page, 'Sign in');
      if (!warmup) toTab.push(elapsed);
      // The floor: the same browser asking the same server one API question.
      const roundTrip = await page.evaluate(async () => {
        const t = performance.now();
        await fetch('/api/trpc/auth.me');
        return performance.now() - t;
      });
      if (!warmup) bare.push(roundTrip);
      await context.close();
    }
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await fill(page);
      const signIn = await clickAndTimeUntil(page, 'Sign in', 'a[aria-label="Configure Website chat"]');
      const configure = await clickAndTimeUntilUsable(page, 'Configure Website chat');
      if (!warmup) viaList.push(signIn + configure);
      await context.close();
    }
  }
  const row = (name: string, xs: number[]) => `${name.padEnd(52)} p50 ${ms(pct(xs, 50))}  p90 ${ms(pct(xs, 90))}`;
  console.log(`console timing, ${RUNS} runs each, cold browser cache, headless Chromium, PGlite`);
  console.log(row('bare API round trip (auth.me, same browser)', bare));
  console.log(row('Sign in at a deep link → tab usable', toTab));
  console.log(row('Sign in → Widgets → Configure → tab usable', viaList));
  console.log(`ratio deep-link tab / bare round trip: ${(pct(toTab, 50) / pct(bare, 50)).toFixed(1)}×`);
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Timed inside the page, so Playwright's own polling does not count: from the click on the
 * button named `name` to the first animation frame in which `selector` is on screen and enabled.
 */
async function clickAndTimeUntil(page: Page, name: string, selector: string): Promise<number> {
  // A string, not a function: tsx would add helpers to a function that the page does not have.
  return page.evaluate(`new Promise((resolve, reject) => {
    const name = ${JSON.stringify(name)}, selector = ${JSON.stringify(selector)};
    const button = [...document.querySelectorAll('button, a')].find((b) => b.getAttribute('aria-label') === name || b.textContent.trim() === name);
    if (!button) return reject(new Error('no button ' + name));
    const start = performance.now();
    const check = () => {
      const target = document.querySelector(selector);
      if (target instanceof HTMLElement && target.offsetParent !== null && !target.hasAttribute('disabled')) resolve(performance.now() - start);
      else if (performance.now() - start > 30000) reject(new Error(selector + ' never appeared'));
      else requestAnimationFrame(check);
    };
    button.click();
    requestAnimationFrame(check);
  })`);
}

/** Until the tab's Enforcement choice can be used. */
function clickAndTimeUntilUsable(page: Page, name: string) {
  return clickAndTimeUntil(page, name, '[role="radiogroup"][aria-label="Enforcement"] [role="radio"]');
}

async function fill(page: Page) {
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
}

async function findWidgetId(): Promise<string> {
  const login = await fetch(`${server.url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
  const list = (await (await fetch(`${server.url}/api/trpc/widgets.list`, { headers: { cookie } })).json()) as {
    result: { data: { id: string; name: string }[] };
  };
  const widget = list.result.data.find((w) => w.name === 'Website chat');
  if (!widget) throw new Error('the seed has no "Website chat" widget');
  return widget.id;
}

function pct(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function ms(x: number): string {
  return `${x.toFixed(0).padStart(5)} ms`;
}
