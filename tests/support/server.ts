import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startApp, type App } from '../../server/app.ts';
import { parseEnv } from '../../server/env.ts';
import { createLogger } from '../../server/logger.ts';
import type { AppRouter } from '../../server/routers/_app.ts';
import type { Clock } from '../../server/core/clock.ts';
import { ADMIN, AGENT, MASTER_KEY, adminQuery, postgresUrl, type StoreKind } from './stores.ts';

/** The stores this run covers: PGlite always, PostgreSQL when the global setup reached it. */
export const storeKinds: StoreKind[] = inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite'];

export class TestClock implements Clock {
  #now: number;
  constructor(start = Date.now()) {
    this.#now = start;
  }
  now() {
    return new Date(this.#now);
  }
  advance(ms: number) {
    this.#now += ms;
  }
}

export interface TestServer {
  url: string;
  app: App;
  /** Stops the server and starts a new one on the same data (and a new port). */
  restart(): Promise<void>;
  kind: StoreKind;
  dataDir: string;
  /** Every log line the server wrote, as JSON text. */
  logs: string[];
  clock: TestClock;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A real server on a free port, on its own copy of the seeded database. */
export async function startTestServer(kind: StoreKind, options: { clock?: TestClock; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wca-test-'));
  let database: string | null = null;
  const vars: Record<string, string> = {};
  if (kind === 'pglite') {
    cpSync(path.join(inject('pgliteTemplate'), 'pglite'), path.join(dataDir, 'pglite'), { recursive: true });
  } else {
    const template = inject('postgresTemplate');
    if (!template) throw new Error('PostgreSQL tests asked for, but no template database was prepared');
    database = `wca_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${database} template ${template}`);
    vars.DATABASE_URL = postgresUrl(database);
  }
  const logs: string[] = [];
  const clock = options.clock ?? new TestClock();
  const env = parseEnv({
    ...vars,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    MASTER_KEY,
    LOG_LEVEL: 'debug',
    // Tests start many chats from one address; the limit has its own test.
    CHAT_RATE_LIMIT: '0',
    ...options.env,
  });
  const logger = createLogger('debug', { write: (line: string) => void logs.push(line) });
  const server: TestServer = {
    url: '',
    app: await startApp({ env, clock, logger }),
    kind,
    dataDir,
    logs,
    clock,
    async restart() {
      await server.app.close();
      server.app = await startApp({ env, clock, logger });
      server.url = server.app.url;
    },
    close: () => close(),
    [Symbol.asyncDispose]: () => close(),
  };
  server.url = server.app.url;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await server.app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (database) await adminQuery(`drop database if exists ${database} with (force)`);
    })());
  return server;
}

export type Client = ReturnType<typeof typedClient>;

export function typedClient(url: string, headers: () => Record<string, string> = () => ({})) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${url}/api/trpc`, headers })] });
}

export interface SignedIn {
  client: Client;
  cookie: string;
  csrfToken: string;
  user: { id: string; email: string; role: string };
}

export async function signIn(url: string, who: { email: string; password: string } = ADMIN): Promise<SignedIn> {
  const res = await fetch(`${url}/api/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const body = (await res.json()) as { result: { data: { csrfToken: string; user: SignedIn['user'] } } };
  const { csrfToken, user } = body.result.data;
  return { client: typedClient(url, () => ({ cookie, 'x-csrf-token': csrfToken })), cookie, csrfToken, user };
}

export const signInAgent = (url: string) => signIn(url, AGENT);

export async function createApiKey(url: string, name = 'automation'): Promise<{ key: string; client: Client; id: string }> {
  const admin = await signIn(url);
  const created = await admin.client.apiKeys.create.mutate({ name });
  return { key: created.key, id: created.id, client: typedClient(url, () => ({ authorization: `Bearer ${created.key}` })) };
}

/** The tRPC error code of a failed call (`'CONFLICT'`, …), or 'OK' when it succeeded. */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (error) {
    if (error instanceof TRPCClientError) return String((error.data as { code?: string } | undefined)?.code);
    throw error;
  }
}

export async function errorOf(call: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Raw HTTP, as any client in any language would call the API. */
export async function rawCall(
  url: string,
  procedure: string,
  init: { method?: 'GET' | 'POST'; input?: unknown; headers?: Record<string, string>; body?: string | FormData } = {},
) {
  const method = init.method ?? 'POST';
  const query = method === 'GET' && init.input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(init.input))}` : '';
  const res = await fetch(`${url}/api/trpc/${procedure}${query}`, {
    method,
    headers: { ...(method === 'POST' && init.body === undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(method === 'POST' ? { body: init.body ?? JSON.stringify(init.input ?? null) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}
