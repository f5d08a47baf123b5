/**
 * Start-up figures against their budgets (issue: fast first start, on both hosts):
 *  - `npm start` on a fresh DATA_DIR until the first 200 on GET /            budget 3 s
 *  - `npm start` again on the same directory (restart)                        budget 1 s
 *  - demo build, first visit in headless Chromium until Sign in is usable     budget 3 s
 *  - demo build, repeat visit (same browser profile)                          budget 1.5 s
 *  - the server console's initial JavaScript, gzip                            budget 150 KiB
 * Each is the median of a few runs; `npm start` builds what is stale first, so run
 * `npm run build && npm run build:demo` before (npm run bench does).
 *
 *   node --import tsx bench/startup.ts [runs]
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { serveStatic } from '../e2e/static-server.ts';
import { freePort } from '../tests/support/server-process.ts';

const RUNS = Number(process.argv[2] ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Milliseconds from spawning `npm start`'s script to the first 200 on GET /. */
async function timeStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error('the server exited during start');
      const ok = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const firsts: number[] = [];
const restarts: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-bench-start-'));
  firsts.push(await timeStart(dataDir));
  restarts.push(await timeStart(dataDir));
  rmSync(dataDir, { recursive: true, force: true });
}

const host = await serveStatic(path.resolve('dist-demo'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const demoFirst: number[] = [];
const demoRepeat: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    // A new context is a new profile: nothing stored, nothing cached, as a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    const signIn = page.getByRole('button', { name: 'Sign in', exact: true });
    let started = performance.now();
    await page.goto(host.url);
    await signIn.waitFor({ timeout: 60_000 });
    demoFirst.push(performance.now() - started);
    started = performance.now();
    await page.reload();
    await signIn.waitFor({ timeout: 60_000 });
    demoRepeat.push(performance.now() - started);
    await context.close();
  }
} finally {
  await browser.close();
  await host.close();
}

/** What index.html makes the browser fetch before the first screen: its script and modulepreloads. */
function initialJsGzip(dir: string): number {
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((m) => (m[1] ?? '').replace(/^\.?\//, ''));
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(dir, file))).length, 0);
}
const consoleJs = initialJsGzip('dist/client') / 1024;

const rows: [string, number, number, string][] = [
  ['first start, fresh DATA_DIR, to 200 on GET /', median(firsts), 3000, 'ms'],
  ['restart on the same DATA_DIR', median(restarts), 1000, 'ms'],
  ['demo, first visit to a usable Sign in', median(demoFirst), 3000, 'ms'],
  ['demo, repeat visit to a usable Sign in', median(demoRepeat), 1500, 'ms'],
  ['server console, index.html scripts (gzip)*', consoleJs, 150, 'KiB'],
];
process.stdout.write(`\nStart-up (median of ${RUNS}; os load ${os.loadavg()[0]?.toFixed(2)})\n`);
for (const [name, value, budget, unit] of rows) {
  const verdict = value <= budget ? 'within' : 'OVER';
  process.stdout.write(`  ${name.padEnd(46)} ${value.toFixed(0).padStart(6)} ${unit.padEnd(3)}  budget ${budget} ${unit}  ${verdict}  (ratio to budget ${(value / budget).toFixed(2)})\n`);
}
process.stdout.write('  * what the first screen fetches in Chromium is held to 150 KiB by e2e/bundle-budget.spec.ts\n');
