import type { PGliteInterface } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema.ts';
import type { Db, Store } from './types.ts';

/**
 * A store over one PGlite database, wherever it runs: a data directory on the server, IndexedDB
 * (through the leader tab's worker) in demo mode, memory in tests. One PGlite has one writer, so
 * nothing else can run alongside and `exclusively` needs no lock of its own.
 */
export function pgliteStore(client: PGliteInterface, close: () => Promise<void>): Store {
  // drizzle's PGlite driver asks for the class; a worker's proxy speaks the same interface.
  const db = drizzle({ client: client as never, schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    exclusively: (fn) => fn(db),
    async listen(channel, onMessage) {
      await client.listen(channel, onMessage);
    },
    close,
  };
}
