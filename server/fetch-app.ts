import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { answerWebchat, JSON_HEADERS, type PlainAnswer } from './chat/route.ts';
import { createRequestContext, type SessionCookieJar } from './context.ts';
import type { Clock } from './core/clock.ts';
import { newId } from './crypto/random.ts';
import type { SecretBox } from './crypto/secret-box.ts';
import { refuseApiCall } from './http/guards.ts';
import { loggableError, type Logger } from './logger.ts';
import { appRouter } from './routers/_app.ts';
import { startRuntime, type Runtime } from './runtime.ts';
import type { Store } from './store/types.ts';
import { TRPC_HTTP_OPTIONS } from './trpc-http.ts';

const WEBCHAT_PATH = /\/webchat\/v1\/sessions((?:\/[^/]+\/[a-z]+)?)$/;

/**
 * Where a host without HTTP cookies keeps the session cookie's value: a browser page answering
 * its own requests (demo mode) cannot set an HttpOnly cookie on itself, and a test keeps it in memory.
 */
export interface SessionCookieStore {
  get(): string | null;
  set(value: string | null): void;
}

export interface FetchApp {
  /** The answer to an API or widget request, or null when the path is neither (the host serves it). */
  handle(request: Request): Promise<Response | null>;
  store: Store;
  /** Seals and opens signing keys with this host's master key. */
  box: SecretBox;
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * The server's own router, context, services and chat route behind Fetch's Request and Response,
 * for hosts that have no node:http: demo mode (msw hands the page's requests here) and the
 * console's component tests. The paths are the server's, under any base path the page has.
 */
export async function startFetchApp(options: {
  store: Store;
  box: SecretBox;
  clock: Clock;
  logger: Logger;
  cookies: SessionCookieStore;
  /** The caller's address as the services see it (rate limits, audit). */
  ip: string;
  chatRateLimitPerMinute: number;
}): Promise<FetchApp> {
  const { store, logger, clock, cookies, ip } = options;
  const runtime = await startRuntime(options);
  const { services } = runtime;
  const jar: SessionCookieJar = { set: (value) => cookies.set(value), clear: () => cookies.set(null) };

  async function handle(request: Request): Promise<Response | null> {
    const url = new URL(request.url);
    const api = url.pathname.indexOf(TRPC_HTTP_OPTIONS.basePath);
    if (api >= 0) {
      const refusal = refuseApiCall(
        { method: request.method, origin: request.headers.get('origin'), contentType: request.headers.get('content-type') },
        url.origin,
      );
      if (refusal) {
        const error = { message: refusal.message, code: TRPC_ERROR_CODES_BY_KEY[refusal.code], data: { code: refusal.code, httpStatus: refusal.status } };
        return Response.json({ error }, { status: refusal.status, headers: { 'cache-control': 'no-store' } });
      }
      const requestId = newId();
      const response = await fetchRequestHandler({
        router: appRouter,
        endpoint: url.pathname.slice(0, api + TRPC_HTTP_OPTIONS.basePath.length - 1),
        req: request,
        maxBatchSize: TRPC_HTTP_OPTIONS.maxBatchSize,
        responseMeta: TRPC_HTTP_OPTIONS.responseMeta,
        createContext: () =>
          createRequestContext(
            { db: store.db, services, clock, logger },
            {
              authorization: request.headers.get('authorization'),
              sessionCookie: cookies.get(),
              csrfHeader: request.headers.get('x-csrf-token'),
              ip,
              requestId,
            },
            jar,
          ),
        onError: ({ error, path }) => {
          if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: loggableError(error.cause ?? error), procedure: path, requestId }, 'procedure failed');
        },
      });
      response.headers.set('cache-control', 'no-store');
      response.headers.set('x-request-id', requestId);
      return response;
    }
    // Under any base path the page has, but only as the path's last part(s).
    const webchat = WEBCHAT_PATH.exec(url.pathname);
    if (webchat) {
      const answering = answerWebchat(
        webchat[1] ?? '',
        {
          method: request.method,
          contentType: request.headers.get('content-type'),
          readBody: async (limit) => {
            const body = await request.text();
            return new TextEncoder().encode(body).length > limit ? null : body;
          },
          ip,
          signal: request.signal,
        },
        { chat: services.chat, sessions: services.sessions, logger },
      );
      if (answering) return toResponse(await answering);
    }
    return null;
  }

  return {
    handle,
    store,
    box: options.box,
    runtime,
    async close() {
      await runtime.stop();
      await store.close();
    },
  };
}

function toResponse(answer: PlainAnswer): Response {
  if (answer.body === undefined) return new Response(null, { status: answer.status, headers: answer.headers });
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { ...JSON_HEADERS, ...answer.headers } });
}
