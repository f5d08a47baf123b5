import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { PGliteWorker } from '@electric-sql/pglite/worker';
import { setupWorker } from 'msw/browser';
import { platformCrypto } from '#platform/crypto';
import { base64UrlDecode, base64UrlEncode } from '../../shared/base64url.ts';
import { dropEverything, openEmbeddedApp } from '../../server/embedded-app.ts';
import { createLogger } from '../../server/logger.ts';
import { systemClock } from '../../server/core/clock.ts';
import type { SecretBox } from '../../server/crypto/secret-box.ts';
import type { Store } from '../../server/store/types.ts';
import type { DemoInfo } from '../lib/demo-context.ts';
import { seedDemoChats } from './demo-chats.ts';
import { DEMO_DATA_DIR, demoDatabaseExists, fetchSnapshot } from './demo-database.ts';
import { DEMO_USERS } from './demo-users.ts';
import { apiHandlers } from './handlers.ts';

const PREFIX = 'webchat-auth-demo';
/** The demo's master key: it seals the signing keys in IndexedDB as MASTER_KEY does on a server. */
const MASTER_KEY = `${PREFIX}/master-key`;
/** The session cookie's value: a page cannot set an HttpOnly cookie on itself, so it is kept here. */
const SESSION = `${PREFIX}/session`;

/**
 * Demo mode: the server's own migrations, seed, router, services and chat route run in this
 * page, over PGlite in IndexedDB (one leader tab runs it for every tab), and msw's service worker
 * hands them every `/api/trpc` and `/webchat` request. Loaded only by the demo build
 * (app/main.tsx), never by the console served with the API.
 */
export async function startDemo(): Promise<DemoInfo> {
  const logger = createLogger('warn');
  const options = {
    masterKey: masterKey(),
    users: { admin: DEMO_USERS.admin, agent: DEMO_USERS.agent },
    clock: systemClock,
    logger,
    cookies: {
      get: () => localStorage.getItem(SESSION),
      set: (value: string | null) => (value === null ? localStorage.removeItem(SESSION) : localStorage.setItem(SESSION, value)),
    },
    ip: 'this browser',
  };
  const afterSeed = (store: Store, box: SecretBox) => seedDemoChats(store, box, logger);
  // The console renders and msw registers while the database opens: what needs data waits for
  // it (a first visit prepares it in memory and hands it to the worker), the rest is answered.
  const database = (async () => {
    const seed = (await demoDatabaseExists()) ? undefined : await prepareInMemory({ ...options, afterSeed });
    return PGliteWorker.create(new Worker(new URL('./pglite.worker.ts', import.meta.url), { type: 'module' }), { meta: { seed } });
  })();
  const app = await openEmbeddedApp({
    ...options,
    client: database,
    // Seeds only a database that is there but empty (another tab's Reset demo raced this one).
    afterSeed,
    // Two tabs seeding one database at once seed it once.
    exclusively: async (fn) => (await navigator.locks.request(`${PREFIX}/setup`, fn)) as Awaited<ReturnType<typeof fn>>,
  });
  const worker = setupWorker(...apiHandlers(app));
  await worker.start({
    // The worker sits next to index.html, so the demo works under any path of any static host.
    serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return {
    admin: DEMO_USERS.admin,
    agent: DEMO_USERS.agent,
    async reset() {
      // Every tab shares the database: empty it at once, then delete it, so the next open (this
      // reload) prepares a new one as a first visit does. Another tab still holding it open
      // delays the deletion; it then finds it empty and seeds it.
      await dropEverything(app.store.db);
      await (await database).close();
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(`/pglite/${DEMO_DATA_DIR.slice('idb://'.length)}`);
        request.onsuccess = request.onerror = request.onblocked = () => resolve();
      });
      localStorage.removeItem(SESSION);
      window.location.hash = '#/';
      window.location.reload();
    },
  };
}

/**
 * A first visit's database, made in memory from the build's snapshot: the server's migrations and
 * first-start seed, then the demo's chats, then handed to the worker as a tarball to keep.
 */
async function prepareInMemory(options: Omit<Parameters<typeof openEmbeddedApp>[0], 'client'>): Promise<Blob> {
  const snapshot = await fetchSnapshot();
  const memory = await PGlite.create(snapshot ? { loadDataDir: snapshot } : {});
  const prepared = await openEmbeddedApp({ ...options, client: memory });
  // Statements wait until the database is prepared (migrated, seeded, its chats made).
  await prepared.store.db.execute(sql`select 1`);
  await prepared.runtime.stop();
  const dump = await memory.dumpDataDir('none');
  await memory.close();
  return dump;
}

function masterKey(): Uint8Array {
  const stored = localStorage.getItem(MASTER_KEY);
  if (stored) {
    const key = base64UrlDecode(stored);
    if (key.length === 32) return key;
  }
  const key = platformCrypto.randomBytes(32);
  localStorage.setItem(MASTER_KEY, base64UrlEncode(key));
  return key;
}
