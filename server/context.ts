import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logger.ts';
import type { Db } from './store/db.ts';
import type { Services } from './services/index.ts';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from './services/auth.ts';
import type { Clock, Principal } from './services/principal.ts';

export interface SessionCookieJar {
  set(value: string): void;
  clear(): void;
}

export interface ContextInner {
  db: Db;
  services: Services;
  clock: Clock;
  logger: Logger;
  principal: Principal | null;
  /** The CSRF token the caller sent in `x-csrf-token`, if any. */
  csrfHeader: string | null;
  requestId: string;
  ip: string;
  cookies: SessionCookieJar;
}

/** The context without HTTP: what tests build directly. */
export function createContextInner(inner: ContextInner): ContextInner {
  return inner;
}

export type Context = ContextInner;

export interface RequestContextDeps {
  db: Db;
  services: Services;
  clock: Clock;
  logger: Logger;
  trustProxy: boolean;
}

/** Per request: who is calling (cookie or Bearer key), from the request and nothing else. */
export async function createRequestContext(
  deps: RequestContextDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<Context> {
  const principal = await principalOf(deps.services, req);
  return createContextInner({
    db: deps.db,
    services: deps.services,
    clock: deps.clock,
    logger: deps.logger.child({ requestId }),
    principal,
    csrfHeader: headerValue(req, 'x-csrf-token'),
    requestId,
    ip: clientIp(req, deps.trustProxy),
    cookies: cookieJar(req, res, deps.trustProxy),
  });
}

async function principalOf(services: Services, req: IncomingMessage): Promise<Principal | null> {
  const authorization = headerValue(req, 'authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ? services.auth.principalFromApiKey(match[1]) : null;
  }
  const session = readCookie(req, SESSION_COOKIE);
  return session ? services.auth.principalFromSession(session) : null;
}

export function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  // The rightmost entry is the one our proxy added; entries to its left are the client's to forge.
  const forwarded = trustProxy ? headerValue(req, 'x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
  return forwarded || req.socket.remoteAddress || 'unknown';
}

function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return null; // A malformed cookie is no session, not a server error.
    }
  }
  return null;
}

function cookieJar(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): SessionCookieJar {
  const secure =
    ('encrypted' in req.socket && req.socket.encrypted === true) ||
    (trustProxy && headerValue(req, 'x-forwarded-proto')?.split(',').at(-1)?.trim() === 'https');
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
  return {
    set(value) {
      const maxAge = Math.floor(SESSION_ABSOLUTE_MS / 1000);
      res.appendHeader('set-cookie', [`${SESSION_COOKIE}=${value}`, `Max-Age=${maxAge}`, ...attributes].join('; '));
    },
    clear() {
      res.appendHeader('set-cookie', [`${SESSION_COOKIE}=`, 'Max-Age=0', ...attributes].join('; '));
    },
  };
}
