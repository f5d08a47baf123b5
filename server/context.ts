import type { Clock } from './core/clock.ts';
import type { Principal } from './core/principal.ts';
import type { Logger } from './logger.ts';
import type { Services } from './services/index.ts';
import type { Db } from './store/types.ts';

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

export interface ContextDeps {
  db: Db;
  services: Services;
  clock: Clock;
  logger: Logger;
}

/**
 * What a request says about its caller, whatever carried it (node:http on the server, a Fetch
 * Request in demo mode): each host reads these from its own request type.
 */
export interface CallerFacts {
  authorization: string | null;
  sessionCookie: string | null;
  csrfHeader: string | null;
  ip: string;
  requestId: string;
}

/** Per request: who is calling (cookie or Bearer key), from the request and nothing else. */
export async function createRequestContext(deps: ContextDeps, facts: CallerFacts, cookies: SessionCookieJar): Promise<Context> {
  return createContextInner({
    db: deps.db,
    services: deps.services,
    clock: deps.clock,
    logger: deps.logger.child({ requestId: facts.requestId }),
    principal: await principalOf(deps.services, facts),
    csrfHeader: facts.csrfHeader,
    requestId: facts.requestId,
    ip: facts.ip,
    cookies,
  });
}

async function principalOf(services: Services, facts: CallerFacts): Promise<Principal | null> {
  if (facts.authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(facts.authorization);
    return match?.[1] ? services.auth.principalFromApiKey(match[1]) : null;
  }
  return facts.sessionCookie ? services.auth.principalFromSession(facts.sessionCookie) : null;
}

/** The value of cookie `name` in a Cookie header, or null (a malformed one is no session, not an error). */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return null;
    }
  }
  return null;
}
