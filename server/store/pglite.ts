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

/**
 * A PGlite that is still being opened, as drizzle uses one (query, transaction) and the store
 * listens on one: statements wait until it is open; a LISTEN is taken up once it is. A host
 * can so answer at once what needs no data (an anonymous `auth.me`) while its database loads.
 */
export function openingClient(opening: Promise<PGliteInterface>): PGliteInterface {
  const client = {
    query: async (...args: Parameters<PGliteInterface['query']>) => (await opening).query(...args),
    transaction: async (...args: Parameters<PGliteInterface['transaction']>) => (await opening).transaction(...args),
    exec: async (...args: Parameters<PGliteInterface['exec']>) => (await opening).exec(...args),
    listen: async (channel: string, callback: (payload: string) => void) => {
      // A database that failed to open fails every statement; the LISTEN has nothing to add.
      opening.then((open) => open.listen(channel, callback)).catch(() => undefined);
      return async () => (await opening).unlisten(channel, callback);
    },
    close: async () => (await opening).close(),
  };
  return client as unknown as PGliteInterface;
}
