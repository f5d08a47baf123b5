import { PGlite } from '@electric-sql/pglite';
import { worker } from '@electric-sql/pglite/worker';
import { DEMO_DATA_DIR, demoDatabaseExists } from './demo-database.ts';

/**
 * The demo's database, run by one tab (the leader) for every tab of this site: two tabs opening
 * the same IndexedDB database would be two writers on one store. A new database starts from the
 * one the page prepared in memory (`meta.seed`, see demo-runtime.ts): seeding straight into
 * IndexedDB would write every statement through to it.
 */
void worker({
  async init(options) {
    const seed: unknown = (options.meta as { seed?: unknown } | undefined)?.seed;
    const fresh = !(await demoDatabaseExists());
    return PGlite.create(DEMO_DATA_DIR, fresh && seed instanceof Blob ? { loadDataDir: seed } : {});
  },
});
