import { defineConfig } from '@playwright/test';
import type { Target } from './e2e/fixtures.ts';

/** Debian's Chromium, never a downloaded browser (DEVELOPERS.md). */
export default defineConfig<{ target: Target }>({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'e2e/output/results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  projects: [
    { name: 'server', use: { target: 'server' } },
    // The same console specs against the demo build on a static host (npm run build:demo).
    // Its database runs in the page: a first visit prepares it (about 7 s on this machine, see
    // bench/startup.ts) and a reload reopens it from IndexedDB, so answers may take longer than
    // the 5 s a server answers well within. Speed is measured by the bench, not asserted here.
    { name: 'demo', use: { target: 'demo' }, expect: { timeout: 20_000 } },
  ],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
});
