import { PGliteWorker } from '@electric-sql/pglite/worker';
import { setupWorker } from 'msw/browser';
import { platformCrypto } from '#platform/crypto';
import { base64UrlDecode, base64UrlEncode } from '../../shared/base64url.ts';
import { dropEverything, openEmbeddedApp } from '../../server/embedded-app.ts';
import { createLogger } from '../../server/logger.ts';
import { systemClock } from '../../server/services/principal.ts';
import type { DemoInfo } from '../lib/demo-context.ts';
import { seedDemoChats } from './demo-chats.ts';
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
  const database = await PGliteWorker.create(new Worker(new URL('./pglite.worker.ts', import.meta.url), { type: 'module' }));
  const logger = createLogger('warn');
  // The database opens while the service worker registers and the console renders; the first
  // request waits for it (apiHandlers), so nothing is answered from a store still being seeded.
  const app = openEmbeddedApp({
    client: database,
    masterKey: masterKey(),
    users: { admin: DEMO_USERS.admin, agent: DEMO_USERS.agent },
    clock: systemClock,
    logger,
    cookies: {
      get: () => localStorage.getItem(SESSION),
      set: (value) => (value === null ? localStorage.removeItem(SESSION) : localStorage.setItem(SESSION, value)),
    },
    ip: 'this browser',
    // Two tabs opening a new demo at once seed it once.
    exclusively: async (fn) =>
      (await navigator.locks.request(`${PREFIX}/setup`, async () => {
        const done = await fn();
        await database.syncToFs();
        return done;
      })) as Awaited<ReturnType<typeof fn>>,
    afterSeed: (store, box) => seedDemoChats(store, box, logger),
  });
  // The database flushes to IndexedDB in the background (relaxed durability, see pglite.worker.ts);
  // after a call that may have written, the flush is awaited before the answer.
  const worker = setupWorker(...apiHandlers(app, { afterWrite: () => database.syncToFs() }));
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
      // Every tab shares the database: empty it, and the next open (this reload) seeds it anew.
      await navigator.locks.request(`${PREFIX}/setup`, async () => {
        await dropEverything((await app).store.db);
        await database.syncToFs();
      });
      localStorage.removeItem(SESSION);
      window.location.hash = '#/';
      window.location.reload();
    },
  };
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
