import type { IncomingMessage } from 'node:http';
import { headerValue } from './node-request.ts';

export interface Refusal {
  status: number;
  code: 'FORBIDDEN' | 'UNSUPPORTED_MEDIA_TYPE' | 'METHOD_NOT_SUPPORTED';
  message: string;
}

/**
 * Checks a call to the tRPC endpoint before tRPC sees it. tRPC will run a mutation from a
 * cross-site `multipart/form-data` or `text/plain` POST (forms can send those without a
 * preflight), so mutations must declare JSON; and a browser's `Origin`, when sent, must be ours.
 */
export function refuseApiRequest(req: IncomingMessage, trustProxy: boolean): Refusal | null {
  return refuseApiCall(
    { method: req.method ?? 'GET', origin: headerValue(req, 'origin'), contentType: headerValue(req, 'content-type') },
    ownOrigin(req, trustProxy),
  );
}

/** The same checks, from what any host can read of a request; `own` is this console's origin. */
export function refuseApiCall(call: { method: string; origin: string | null; contentType: string | null }, own: string): Refusal | null {
  const { method, origin } = call;
  if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') {
    return { status: 405, code: 'METHOD_NOT_SUPPORTED', message: `${method} is not supported: queries use GET, mutations POST` };
  }
  if (origin !== null && origin !== own) {
    return { status: 403, code: 'FORBIDDEN', message: `Requests from origin ${origin} are not accepted` };
  }
  if (method === 'POST') {
    const type = call.contentType?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Mutations must be sent as JSON with content-type: application/json',
      };
    }
  }
  return null;
}

function ownOrigin(req: IncomingMessage, trustProxy: boolean): string {
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  const forwardedProto = trustProxy ? headerValue(req, 'x-forwarded-proto')?.split(',').at(-1)?.trim() : undefined;
  const forwardedHost = trustProxy ? headerValue(req, 'x-forwarded-host')?.split(',').at(-1)?.trim() : undefined;
  const proto = forwardedProto ?? (encrypted ? 'https' : 'http');
  return `${proto}://${forwardedHost ?? req.headers.host ?? ''}`;
}
