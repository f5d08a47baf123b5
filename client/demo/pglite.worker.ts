import { PGlite } from '@electric-sql/pglite';
import { worker } from '@electric-sql/pglite/worker';

const DATA_DIR = 'idb://webchat-auth-demo';

/**
 * The demo's database, run by one tab (the leader) for every tab of this site: two tabs opening
 * the same IndexedDB database would be two writers on one store. A new database starts from the
 * migrated snapshot `npm run build:demo` made (scripts/build-store-snapshot.ts), not from initdb.
 */
void worker({
  async init() {
    const snapshot = (await exists()) ? undefined : await fetchSnapshot();
    // Relaxed: a query does not wait for IndexedDB; the page awaits syncToFs() after each call
    // that may have written (demo-runtime.ts), so a first visit's seeding is not one flush a statement.
    return PGlite.create(DATA_DIR, { relaxedDurability: true, ...(snapshot ? { loadDataDir: snapshot } : {}) });
  },
});

async function exists(): Promise<boolean> {
  // PGlite keeps `idb://name` in the IndexedDB database "/pglite/name".
  const databases = await indexedDB.databases();
  return databases.some((d) => d.name === `/pglite/${DATA_DIR.slice('idb://'.length)}`);
}

async function fetchSnapshot(): Promise<Blob | undefined> {
  try {
    const response = await fetch(new URL('../../dist/store-snapshot.tar.gz', import.meta.url));
    return response.ok ? await response.blob() : undefined;
  } catch {
    // Without it the database is made from scratch: slower, the same in the end.
    return undefined;
  }
}
