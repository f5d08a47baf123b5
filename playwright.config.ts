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
    { name: 'demo', use: { target: 'demo' } },
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
