import type { PGliteInterface } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { SecretBox } from './crypto/secret-box.ts';
import { startFetchApp, type FetchApp, type SessionCookieStore } from './fetch-app.ts';
import type { Logger } from './logger.ts';
import type { Clock } from './core/clock.ts';
import { masterKeyOpensKeys } from './store/signing-keys.ts';
import { applyMigrations } from './store/migrations.ts';
import { bundledMigrations } from './store/migrations.bundled.ts';
import { openingClient, pgliteStore } from './store/pglite.ts';
import { seedIfEmpty, type SeedUsers } from './store/seed.ts';
import { accounts } from './store/schema.ts';
import type { Db, Queryable, Store } from './store/types.ts';

export interface EmbeddedAppOptions {
  /**
   * The PGlite: IndexedDB through a worker in demo mode, memory in component tests. While it is
   * still opening, requests that need data wait for it (and for the seed); others are answered.
   */
  client: PGliteInterface | Promise<PGliteInterface>;
  /** What closing the app does to the database; closes it unless the host keeps it for longer. */
  closeClient?: () => Promise<void>;
  masterKey: Uint8Array;
  users: SeedUsers;
  clock: Clock;
  logger: Logger;
  cookies: SessionCookieStore;
  ip: string;
  /** Runs migrations and the first-start seed so that two tabs opening at once do it once. */
  exclusively?: <T>(fn: () => Promise<T>) => Promise<T>;
  /** After a first start's seed, before any request: what the host adds (the demo's chats). */
  afterSeed?: (store: Store, box: SecretBox) => Promise<void>;
}

/**
 * The server in a page: the same migrations, seed, router, services and chat route as `npm
 * start`, over a PGlite the host opened, answering Fetch requests. A store whose keys this master
 * key cannot open (the browser kept the database but lost the key) starts over from the seed.
 */
export async function openEmbeddedApp(options: EmbeddedAppOptions): Promise<FetchApp> {
  const { clock, logger } = options;
  const box = new SecretBox(options.masterKey);
  const prepared = (async () => {
    const client = await options.client;
    await prepare(pgliteStore(client, async () => undefined), box, options);
    return client;
  })();
  const store = pgliteStore(openingClient(prepared), async () => {
    const client = await prepared;
    await (options.closeClient ?? (() => client.close()))();
  });
  return startFetchApp({ store, box, clock, logger, cookies: options.cookies, ip: options.ip, chatRateLimitPerMinute: 60 });
}

/** Migrations and a first start's seed, unless this build already prepared the database. */
async function prepare(store: Store, box: SecretBox, options: EmbeddedAppOptions): Promise<void> {
  const exclusively = options.exclusively ?? (<T>(fn: () => Promise<T>) => fn());
  // A database this build already prepared is checked in one transaction: on IndexedDB each
  // statement outside one is written through, and a reopen should cost one write, not seven.
  const ready = await store.db.transaction(async (tx) => (await upToDate(tx)) && (await masterKeyOpensKeys(tx, box)) && (await hasAccount(tx)));
  if (ready) return;
  await exclusively(async () => {
    await applyMigrations(store.db, bundledMigrations);
    if (!(await masterKeyOpensKeys(store.db, box))) {
      await dropEverything(store.db);
      await applyMigrations(store.db, bundledMigrations);
    }
    // One transaction: on IndexedDB every statement outside one is written through on its own.
    await store.db.transaction(async (tx) => {
      const seed = await seedIfEmpty(tx, box, options.users, options.clock.now());
      if (seed.seeded) await options.afterSeed?.({ ...store, db: tx }, box);
    });
  });
}

/** Empties the database, schema and migration history included; the next open seeds it anew. */
export async function dropEverything(db: Db): Promise<void> {
  await db.execute(sql`drop schema if exists drizzle cascade`);
  await db.execute(sql`drop schema public cascade`);
  await db.execute(sql`create schema public`);
}

/** Every bundled migration is applied (drizzle records each by its time in the journal). */
async function upToDate(q: Queryable): Promise<boolean> {
  const present = (await q.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`)) as unknown as { rows: { present: boolean }[] };
  if (!present.rows[0]?.present) return false;
  const last = (await q.execute(sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`)) as unknown as { rows: { at: string | null }[] };
  return Number(last.rows[0]?.at ?? 0) >= (bundledMigrations.at(-1)?.folderMillis ?? 0);
}

async function hasAccount(q: Queryable): Promise<boolean> {
  const rows = await q.select({ id: accounts.id }).from(accounts).limit(1);
  return rows.length > 0;
}
