import { build } from 'esbuild';

/**
 * Bundles the server into dist/server.mjs (`npm run build`), so `npm start` runs JavaScript
 * instead of compiling TypeScript at every start. Packages stay external: node_modules is there.
 * dist/ sits one folder below the root, as server/ does, so server/paths.ts holds for both.
 */
const started = performance.now();
await build({
  entryPoints: ['server/main.ts'],
  outfile: 'dist/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
process.stdout.write(`server bundle: dist/server.mjs (${Math.round(performance.now() - started)} ms)\n`);
