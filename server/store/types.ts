import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/** One SQL dialect for every store: the same schema, queries and migrations. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Queryable = Db | Tx;

export interface Store {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs `fn` once across every instance sharing the database (migrations, first-start seed). */
  exclusively<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Calls `onMessage` with the payload of every NOTIFY on `channel`, from this process or any
   * other on the same database. `onGap(false)` says the listening connection is lost (messages
   * may be missed from now on), `onGap(true)` that it is back; either way the caller should drop
   * what it cached.
   */
  listen(channel: string, onMessage: (payload: string) => void, onGap: (listening: boolean) => void): Promise<void>;
  close(): Promise<void>;
}
