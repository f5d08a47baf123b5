import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { PATHS } from '../paths.ts';
import { applyMigrations, migrationsFrom } from './migrations.ts';
import { pgliteStore } from './pglite.ts';
import * as schema from './schema.ts';
import type { Db, Store } from './types.ts';

export type { Db, Queryable, Store, Tx } from './types.ts';

const migrationsFolder = PATHS.migrations;
export const MIGRATIONS = migrationsFrom((tag) => readFileSync(path.join(migrationsFolder, `${tag}.sql`), 'utf8'));

export async function openStore(options: { databaseUrl?: string | undefined; dataDir: string; logger: Logger }): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.logger)
    : await openPglite(options.dataDir);
  try {
    await store.exclusively((db) => applyMigrations(db, MIGRATIONS));
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

async function openPglite(dataDir: string): Promise<Store> {
  const lock = lockDataDir(dataDir);
  try {
    const dir = path.join(dataDir, 'pglite');
    // A new data directory starts as a copy of the build's migrated snapshot: no initdb, no
    // migrations to run but any newer than the snapshot (applied below, as on every start).
    if (!existsSync(path.join(dir, 'PG_VERSION')) && existsSync(path.join(PATHS.storeSnapshotDir, 'PG_VERSION'))) {
      cpSync(PATHS.storeSnapshotDir, dir, { recursive: true });
    }
    mkdirSync(dir, { recursive: true });
    const client = await PGlite.create(dir);
    return pgliteStore(client, async () => {
      try {
        await client.close();
      } finally {
        lock.release();
      }
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

// Any fixed number, shared by every instance of this product on one database.
const ADVISORY_LOCK_ID = 7_305_114_251;

async function openPostgres(url: string, logger: Logger): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // A database that stops answering fails requests in seconds instead of holding them forever.
    connectionTimeoutMillis: 5000,
    statement_timeout: 15_000,
    query_timeout: 20_000,
  });
  // An idle connection dropped by the server (restart, failover) must not end the process.
  pool.on('error', (error) => logger.error({ err: { message: error.message } }, 'PostgreSQL connection lost; the pool reconnects'));
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  await pool.query('select 1');
  // LISTEN needs a connection of its own; one per channel, so each reconnects on its own.
  const listeners: ReturnType<typeof createListener>[] = [];
  return {
    kind: 'postgres',
    db,
    async exclusively(fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [ADVISORY_LOCK_ID]);
        return await fn(drizzlePg({ client, schema }) as unknown as Db);
      } finally {
        await client.query('select pg_advisory_unlock($1)', [ADVISORY_LOCK_ID]).catch(() => undefined);
        client.release();
      }
    },
    async listen(channel, onMessage, onGap) {
      const listener = createListener(url, logger);
      listeners.push(listener);
      await listener.start(channel, onMessage, onGap);
    },
    async close() {
      await Promise.all(listeners.map((l) => l.stop()));
      await pool.end();
    },
  };
}

/**
 * LISTEN needs a connection of its own, outside the pool. When it drops, it reconnects with a
 * growing pause and reports a gap: notifications sent meanwhile are lost.
 */
function createListener(url: string, logger: Logger) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async (channel: string, onMessage: (payload: string) => void, onGap: (listening: boolean) => void, attempt: number): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    const again = () => {
      if (stopped || client !== next) return;
      client = null;
      clearInterval(ping);
      next.end().catch(() => undefined);
      // Notifications may be lost from now on: the caller forgets what it cached at once, and
      // again once the connection is back.
      onGap(false);
      retry = setTimeout(() => void connect(channel, onMessage, onGap, attempt + 1), Math.min(5000, 200 * 2 ** attempt));
      retry.unref();
    };
    // A connection can die without a word (a dropped route): a ping every 5 s finds out.
    const ping = setInterval(() => {
      const timeout = setTimeout(again, 2000);
      next.query('select 1').then(
        () => clearTimeout(timeout),
        () => {
          clearTimeout(timeout);
          again();
        },
      );
    }, 5000);
    ping.unref();
    next.on('error', (error) => {
      logger.warn({ err: { message: error.message } }, 'a listener lost its PostgreSQL connection; reconnecting');
      again();
    });
    next.on('end', again);
    next.on('notification', (n) => {
      if (n.channel === channel) onMessage(n.payload ?? '');
    });
    client = next;
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (attempt > 0) onGap(true);
    } catch (error) {
      if (attempt === 0) {
        clearInterval(ping);
        client = null;
        throw error;
      }
      again();
    }
  };
  return {
    start: (channel: string, onMessage: (payload: string) => void, onGap: (listening: boolean) => void) => connect(channel, onMessage, onGap, 0),
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
