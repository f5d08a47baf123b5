import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from '../server/store/db.ts';
import { applyMigrations } from '../server/store/migrations.ts';
import { pgliteStore } from '../server/store/pglite.ts';
import { PATHS } from '../server/paths.ts';

/**
 * Builds the embedded store's starting point once (`npm run build`): initdb and every migration,
 * no data. A first start copies the directory instead of doing that work (most of a fresh
 * start), and still applies any migration newer than the snapshot; demo mode loads the same
 * database from the tarball.
 */
const started = performance.now();
rmSync(PATHS.storeSnapshotDir, { recursive: true, force: true });
mkdirSync(path.dirname(PATHS.storeSnapshotDir), { recursive: true });
const client = await PGlite.create(PATHS.storeSnapshotDir);
const store = pgliteStore(client, () => client.close());
await applyMigrations(store.db, MIGRATIONS);
const dump = await client.dumpDataDir('gzip');
await store.close();
writeFileSync(PATHS.storeSnapshot, new Uint8Array(await dump.arrayBuffer()));
const where = (p: string) => path.relative(process.cwd(), p);
process.stdout.write(`store snapshot: ${where(PATHS.storeSnapshotDir)}/ and ${where(PATHS.storeSnapshot)} (${Math.round(dump.size / 1024)} KiB, ${Math.round(performance.now() - started)} ms)\n`);
