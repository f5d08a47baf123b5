import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
  server: {
    port: 5173,
    // The API checks Origin against its own host, so the dev proxy presents the API's origin.
    proxy: { '/api': { target: api, changeOrigin: true, headers: { origin: api } } },
  },
});
