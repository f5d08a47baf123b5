import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://localhost:3000';

/**
 * The console. `--mode demo` builds the same console with the API answered in the browser (msw):
 * relative paths so it works from any static host and sub-path, the service worker file in its
 * public folder, and no dev proxy. Only that mode imports client/demo/ (see app/main.tsx).
 */
export default defineConfig(({ mode }) => {
  const demo = mode === 'demo';
  return {
    root: 'client',
    base: demo ? './' : '/',
    publicDir: demo ? 'demo-public' : false,
    plugins: [react()],
    // PGlite's WebAssembly and data files are loaded by URL at run time, not pre-bundled (STACK.md).
    optimizeDeps: { exclude: ['@electric-sql/pglite'] },
    worker: { format: 'es' as const },
    // msw's cookie jar needs only a rough registrable domain in the demo (see client/demo/tldts-lite.ts).
    resolve: demo ? { alias: { tldts: fileURLToPath(new URL('./client/demo/tldts-lite.ts', import.meta.url)) } } : {},
    build: {
      outDir: demo ? '../dist-demo' : '../dist/client',
      emptyOutDir: true,
      // Which chunk holds what: e2e/bundle-budget.spec.ts tells the console's code from the demo's by it.
      manifest: true,
    },
    server: {
      port: demo ? 5174 : 5173,
      // The API checks Origin against its own host, so the dev proxy presents the API's origin.
      ...(demo ? {} : { proxy: { '/api': { target: api, changeOrigin: true, headers: { origin: api } } } }),
    },
  };
});
