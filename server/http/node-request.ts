import type { IncomingMessage, ServerResponse } from 'node:http';
import { readCookie, type CallerFacts, type SessionCookieJar } from '../context.ts';
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE } from '../services/auth.ts';

/** What node:http's request says about its caller (server/context.ts). */
export function callerFacts(req: IncomingMessage, trustProxy: boolean, requestId: string): CallerFacts {
  return {
    authorization: headerValue(req, 'authorization'),
    sessionCookie: readCookie(req.headers.cookie, SESSION_COOKIE),
    csrfHeader: headerValue(req, 'x-csrf-token'),
    ip: clientIp(req, trustProxy),
    requestId,
  };
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

/** The session cookie as Set-Cookie headers: HttpOnly, SameSite=Strict, Secure over TLS. */
export function cookieJar(req: IncomingMessage, res: ServerResponse, trustProxy: boolean): SessionCookieJar {
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
