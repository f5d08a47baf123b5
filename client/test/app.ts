import { PGlite } from '@electric-sql/pglite';
import { afterEach, beforeAll } from 'vitest';
import { dropEverything, openEmbeddedApp } from '../../server/embedded-app.ts';
import type { FetchApp } from '../../server/fetch-app.ts';
import { createLogger } from '../../server/logger.ts';
import { systemClock } from '../../server/core/clock.ts';
import { theAccount } from '../../server/store/factories.ts';
import { pgliteStore } from '../../server/store/pglite.ts';
import type { Db } from '../../server/store/types.ts';
import { DEMO_USERS } from '../demo/demo-users.ts';
import { apiHandlers } from '../demo/handlers.ts';
import { mockServer } from './setup.ts';

/** Who the test server's seed signs in: the demo's known users. */
export const SEED_USERS = DEMO_USERS;

/** The server a component test talks to: its router, services and SQL, on an in-memory PGlite. */
export interface TestServer {
  app: FetchApp;
  db: Db;
  accountId: string;
  /** The session cookie the console holds, as the browser would. */
  cookies: { value: string | null };
}

// One database per test file (a PGlite takes a second or two to make); each test empties it and
// starts from a first start's seed, so no test sees another's data.
let database: PGlite | undefined;
let running: FetchApp | undefined;

beforeAll(async () => {
  database ??= await PGlite.create();
}, 60_000);

afterEach(async () => {
  await running?.runtime.stop();
  running = undefined;
});

export async function startTestServer(): Promise<TestServer> {
  database ??= await PGlite.create();
  const client = database;
  await dropEverything(pgliteStore(client, async () => undefined).db);
  const cookies = { value: null as string | null };
  const app = await openEmbeddedApp({
    client,
    // The database outlives each test's server.
    closeClient: async () => undefined,
    masterKey: crypto.getRandomValues(new Uint8Array(32)),
    users: { admin: SEED_USERS.admin, agent: SEED_USERS.agent },
    clock: systemClock,
    logger: createLogger('silent'),
    cookies: { get: () => cookies.value, set: (value) => (cookies.value = value) },
    ip: '127.0.0.1',
  });
  running = app;
  mockServer.use(...apiHandlers(app));
  return { app, db: app.store.db, accountId: (await theAccount(app.store.db)).id, cookies };
}
