import { fileURLToPath } from 'node:url';

/**
 * Where the server finds its files, from the project's root. One place, because the server runs
 * both from its sources (server/*.ts, tests) and bundled into dist/server.mjs (`npm start`): both
 * sit one folder below the root, so the same relative URL names the root from either.
 */
const root = new URL('../', import.meta.url);
const at = (relative: string) => fileURLToPath(new URL(relative, root));

export const PATHS = {
  migrations: at('server/store/migrations'),
  widgetScript: at('server/webchat/widget.js'),
  /** The built console (vite build). */
  client: at('dist/client'),
  /** A migrated, empty PGlite data directory made by the build (scripts/build-store-snapshot.ts). */
  storeSnapshotDir: at('dist/store-snapshot'),
  /** The same database as a tarball, for demo mode's first visit. */
  storeSnapshot: at('dist/store-snapshot.tar.gz'),
} as const;
