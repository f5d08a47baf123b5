import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import sirv from 'sirv';
import { createRequestContext } from './context.ts';
import { loadMasterKey } from './crypto/master-key.ts';
import { SecretBox } from './crypto/secret-box.ts';
import type { Env } from './env.ts';
import { refuseApiRequest } from './http/guards.ts';
import { callerFacts, cookieJar } from './http/node-request.ts';
import { loggableError, type Logger } from './logger.ts';
import { appRouter } from './routers/_app.ts';
import { TRPC_HTTP_OPTIONS } from './trpc-http.ts';
import { handleWebchat } from './http/webchat.ts';
import type { Services } from './services/index.ts';
import { PATHS } from './paths.ts';
import { startRuntime } from './runtime.ts';
import { systemClock, type Clock } from './core/clock.ts';
import { openStore, type Store } from './store/db.ts';
import { seedIfEmpty, type SeedResult } from './store/seed.ts';
import { masterKeyOpensKeys } from './store/signing-keys.ts';

export interface App {
  url: string;
  port: number;
  store: Store;
  seed: SeedResult;
  /** Writes what the chat path holds in memory (counts, key use, recent failures) now. */
  flush(): Promise<void>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface AppOptions {
  env: Env;
  logger: Logger;
  clock?: Clock;
  /** Where the built console lives; defaults to dist/client. */
  clientDir?: string;
}

const defaultClientDir = PATHS.client;

/** Opens the store, seeds a first start, and serves the API and console on one port. */
export async function startApp(options: AppOptions): Promise<App> {
  const { env, logger } = options;
  const clock = options.clock ?? systemClock;
  if (env.DATABASE_URL && !env.MASTER_KEY) {
    throw new Error('MASTER_KEY is required with DATABASE_URL: every instance on the database must seal and open keys with the same master key.');
  }
  const box = new SecretBox(loadMasterKey({ value: env.MASTER_KEY, dataDir: env.DATA_DIR, logger }));
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, logger });
  let server: Server | undefined;
  try {
    const seed = await store.exclusively((db) =>
      seedIfEmpty(
        db,
        box,
        {
          admin: { email: env.ADMIN_EMAIL ?? 'admin@example.com', password: env.ADMIN_PASSWORD },
          agent: { email: env.AGENT_EMAIL ?? 'agent@example.com', password: env.AGENT_PASSWORD },
        },
        clock.now(),
      ),
    );
    if (!(await masterKeyOpensKeys(store.db, box))) {
      throw new Error('MASTER_KEY cannot open the stored signing keys: it is not the key they were sealed with.');
    }
    const runtime = await startRuntime({ store, box, clock, logger, chatRateLimitPerMinute: env.CHAT_RATE_LIMIT });
    const { services } = runtime;
    const handler = createHandler({ env, logger, clock, store, services, clientDir: options.clientDir ?? defaultClientDir });
    server = createServer(handler);
    server.keepAliveTimeout = 65_000;
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(env.PORT, env.HOST, () => resolve());
    });
    const { port } = listening.address() as AddressInfo;
    const url = `http://${env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST}:${port}`;
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        // Stop taking requests, let those under way finish (5 s at most), then close the store.
        // The widgets' long polls answer at once with what they have, and poll the next instance.
        runtime.services.runtime.events.close();
        const drained = new Promise<void>((resolve) => listening.close(() => resolve()));
        // A connection that goes idle once its answer is out is closed too, not kept alive.
        listening.closeIdleConnections();
        const idle = setInterval(() => listening.closeIdleConnections(), 50);
        const timer = setTimeout(() => listening.closeAllConnections(), 5000);
        await drained;
        clearInterval(idle);
        clearTimeout(timer);
        await runtime.stop();
        await store.close();
      })());
    return { url, port, store, seed, flush: runtime.flush, close, [Symbol.asyncDispose]: close };
  } catch (error) {
    server?.close();
    await store.close();
    throw error;
  }
}

interface HandlerDeps {
  env: Env;
  logger: Logger;
  clock: Clock;
  store: Store;
  services: Services;
  clientDir: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;
const requestIds = new WeakMap<IncomingMessage, string>();

function createHandler(deps: HandlerDeps) {
  const { env, logger } = deps;
  const trpc = createHTTPHandler({
    router: appRouter,
    ...TRPC_HTTP_OPTIONS,
    createContext: ({ req, res }) =>
      createRequestContext(
        { db: deps.store.db, services: deps.services, clock: deps.clock, logger },
        callerFacts(req, env.TRUST_PROXY, requestIds.get(req) ?? randomUUID()),
        cookieJar(req, res, env.TRUST_PROXY),
      ),
    onError: ({ error, path: procedure, req }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: loggableError(error.cause ?? error), procedure, requestId: requestIds.get(req) }, 'procedure failed');
      }
    },
  });
  const serveClient = existsSync(path.join(deps.clientDir, 'index.html'))
    ? sirv(deps.clientDir, { single: true, etag: true, gzip: true, brotli: true })
    : null;

  // Below info level no request line is written, so none is prepared.
  const logRequests = logger.isLevelEnabled('info');
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    requestIds.set(req, requestId);
    res.setHeader('x-request-id', requestId);
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    // The widget's JSON and script are not documents: they need nosniff, not a page's CSP.
    if (pathname.startsWith('/webchat/')) res.setHeader('x-content-type-options', 'nosniff');
    else setSecurityHeaders(res);
    if (logRequests) {
      res.on('finish', () => {
        // The path only: query strings can carry inputs, and inputs are not logged.
        logger.info(
          { requestId, method: req.method, path: pathname, status: res.statusCode, ms: Math.round(performance.now() - started) },
          'request',
        );
      });
    }

    if (pathname.startsWith('/api/trpc/')) {
      res.setHeader('cache-control', 'no-store');
      const refusal = refuseApiRequest(req, env.TRUST_PROXY);
      if (refusal) {
        sendJson(res, refusal.status, {
          error: { message: refusal.message, code: TRPC_ERROR_CODES_BY_KEY[refusal.code], data: { code: refusal.code, httpStatus: refusal.status } },
        });
        req.resume();
        return;
      }
      trpc(req, res);
      return;
    }
    if (pathname.startsWith('/webchat/') && handleWebchat(req, res, pathname, { chat: deps.services.chat, sessions: deps.services.sessions, logger, trustProxy: env.TRUST_PROXY })) {
      return;
    }
    if (pathname === '/healthz') {
      sendJson(res, 200, { ok: true, store: deps.store.kind });
      return;
    }
    if (serveClient && (req.method === 'GET' || req.method === 'HEAD')) {
      serveClient(req, res, () => sendJson(res, 404, { error: { message: 'Not found' } }));
      return;
    }
    sendJson(res, 404, {
      error: { message: serveClient ? 'Not found' : 'Not found. The console is not built: run `npm run build`.' },
    });
  };
}

function setSecurityHeaders(res: ServerResponse) {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader(
    'content-security-policy',
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  );
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
