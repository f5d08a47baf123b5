import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientIp, headerValue } from './node-request.ts';
import { PATHS } from '../paths.ts';
import { loggableError, type Logger } from '../logger.ts';
import type { ChatService } from '../chat/chat-service.ts';
import { answerWebchat, JSON_HEADERS, type ChatRouteRequest } from '../chat/route.ts';
import type { SessionService } from '../chat/session-service.ts';

const SESSIONS_PATH = '/webchat/v1/sessions';
/** A 204 is still read by a widget on another site. */
const BARE_HEADERS = { 'access-control-allow-origin': '*', 'cache-control': 'no-store' } as const;


const widgetScriptPath = PATHS.widgetScript;
let widgetScript: Buffer | null = null;

/**
 * The widget's own door, beside tRPC: `POST /webchat/v1/sessions` and the session routes under it
 * (JSON, CORS open to any site, no cookies), and `GET /webchat/js/widget.js`. Plain node:http, because every chat passes here.
 * Returns false when the path is not the widget's.
 */
export function handleWebchat(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: { chat: ChatService; sessions: SessionService; logger: Logger; trustProxy: boolean },
): boolean {
  if (pathname === '/webchat/js/widget.js') {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: { code: 'METHOD_NOT_SUPPORTED', message: 'GET only' } }), true;
    widgetScript ??= readFileSync(widgetScriptPath);
    res.statusCode = 200;
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=300');
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('cross-origin-resource-policy', 'cross-origin');
    res.end(req.method === 'HEAD' ? undefined : widgetScript);
    return true;
  }
  if (!pathname.startsWith(SESSIONS_PATH)) return false;
  const controller = new AbortController();
  const request: ChatRouteRequest = {
    method: req.method ?? 'GET',
    contentType: headerValue(req, 'content-type'),
    readBody: (limit) => readBody(req, limit),
    ip: clientIp(req, deps.trustProxy),
    signal: controller.signal,
  };
  const answering = answerWebchat(pathname.slice(SESSIONS_PATH.length), request, deps);
  if (!answering) return false;
  // A long poll whose caller went away stops waiting.
  res.once('close', () => controller.abort());
  answering.then(
    (answer) => {
      // An answer that did not need the body leaves it unread: drain it, so the connection stays usable.
      if (!req.readableEnded) req.resume();
      if (res.destroyed) return;
      if (answer.body === undefined) res.writeHead(answer.status, answer.headers ? { ...BARE_HEADERS, ...answer.headers } : BARE_HEADERS).end();
      else send(res, answer.status, answer.body, answer.headers);
    },
    (error: unknown) => {
      deps.logger.error({ err: loggableError(error) }, 'widget request failed');
      if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side. Try again.' } });
    },
  );
  return true;
}

/** Written in one go with the status (writeHead), measurably cheaper per request than header by header. */
function send(res: ServerResponse, status: number, body: unknown, extra?: Record<string, string>) {
  res.writeHead(status, extra ? { ...JSON_HEADERS, ...extra } : JSON_HEADERS).end(JSON.stringify(body));
}

/** The body as text, or null when it is over `limit` bytes (the rest is drained, not buffered). */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
