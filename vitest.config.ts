import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The console's forms and dialogs in a simulated browser, the API answered by msw.
        extends: true,
        plugins: [react()],
        test: {
          name: 'client',
          include: ['client/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'http://localhost:3000/' } },
          setupFiles: ['client/test/setup.ts'],
          // Each test starts the server's code on a freshly seeded in-memory PGlite.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The Node server against the host demo mode runs, with the browser's crypto port.
        extends: true,
        resolve: { alias: { '#platform/crypto': fileURLToPath(new URL('./server/platform/crypto.browser.ts', import.meta.url)) } },
        test: {
          name: 'parity',
          include: ['tests/parity/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
