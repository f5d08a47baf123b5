import type { PGliteInterface } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { SecretBox } from './crypto/secret-box.ts';
import { startFetchApp, type FetchApp, type SessionCookieStore } from './fetch-app.ts';
import type { Logger } from './logger.ts';
import type { Clock } from './services/principal.ts';
import { loadKeys } from './services/signing-keys.ts';
import { applyMigrations } from './store/migrations.ts';
import { bundledMigrations } from './store/migrations.bundled.ts';
import { pgliteStore } from './store/pglite.ts';
import { seedIfEmpty, type SeedUsers } from './store/seed.ts';
import type { Db, Store } from './store/types.ts';

export interface EmbeddedAppOptions {
  /** An open PGlite: IndexedDB through a worker in demo mode, memory in component tests. */
  client: PGliteInterface;
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
  const { client, clock, logger } = options;
  const box = new SecretBox(options.masterKey);
  const store = pgliteStore(client, options.closeClient ?? (() => client.close()));
  const exclusively = options.exclusively ?? (<T>(fn: () => Promise<T>) => fn());
  await exclusively(async () => {
    await applyMigrations(store.db, bundledMigrations);
    if (!(await keysOpen(store.db, box))) {
      await dropEverything(store.db);
      await applyMigrations(store.db, bundledMigrations);
    }
    const seed = await seedIfEmpty(store.db, box, options.users, clock.now());
    if (seed.seeded) await options.afterSeed?.(store, box);
  });
  return startFetchApp({ store, box, clock, logger, cookies: options.cookies, ip: options.ip, chatRateLimitPerMinute: 60 });
}

/** Empties the database, schema and migration history included; the next open seeds it anew. */
export async function dropEverything(db: Db): Promise<void> {
  await db.execute(sql`drop schema if exists drizzle cascade`);
  await db.execute(sql`drop schema public cascade`);
  await db.execute(sql`create schema public`);
}

async function keysOpen(db: Db, box: SecretBox): Promise<boolean> {
  const [account] = await db.query.accounts.findMany({ limit: 1 });
  if (!account) return true;
  const [key] = await loadKeys(db, account.id);
  if (!key) return true;
  try {
    box.open(key.sealedSecret, { accountId: key.accountId, kid: key.kid });
    return true;
  } catch {
    return false;
  }
}
