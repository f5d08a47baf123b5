import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chatStartInput } from '../../shared/schemas/chat.ts';
import { describeInputError } from '../../shared/errors.ts';
import { clientIp, headerValue } from '../context.ts';
import { loggableError, type Logger } from '../logger.ts';
import { ChatRateLimitedError, WidgetNotFoundError, type ChatService } from './chat-service.ts';

/** SPEC §5: at least 16 KiB, so an oversize token is a 401 TOKEN_TOO_LARGE and not a bare 413. */
export const CHAT_BODY_LIMIT = 64 * 1024;

const widgetScriptPath = fileURLToPath(new URL('../webchat/widget.js', import.meta.url));
let widgetScript: Buffer | null = null;

/**
 * The widget's own door, beside tRPC: `POST /webchat/v1/sessions` (JSON, CORS open to any site,
 * no cookies) and `GET /webchat/js/widget.js`. Plain node:http, because every chat passes here.
 * Returns false when the path is not the widget's.
 */
export function handleWebchat(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: { chat: ChatService; logger: Logger; trustProxy: boolean },
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
  if (pathname !== '/webchat/v1/sessions') return false;

  if (req.method === 'OPTIONS') {
    res.writeHead(204, PREFLIGHT_HEADERS).end();
    return true;
  }
  if (req.method !== 'POST') {
    send(res, 405, { error: { code: 'METHOD_NOT_SUPPORTED', message: 'Start a chat with POST' } }, { allow: 'POST, OPTIONS' });
    req.resume();
    return true;
  }
  const type = headerValue(req, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    send(res, 415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the chat start as JSON with content-type: application/json' } });
    req.resume();
    return true;
  }
  readBody(req, CHAT_BODY_LIMIT).then(
    async (body) => {
      if (body === null) {
        send(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `The body is over ${CHAT_BODY_LIMIT / 1024} KiB` } });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        send(res, 400, { error: { code: 'BAD_REQUEST', message: 'The body is not valid JSON' } });
        return;
      }
      const parsed = chatStartInput.safeParse(json);
      if (!parsed.success) {
        const { message, fieldErrors } = describeInputError(parsed.error);
        send(res, 400, { error: { code: 'BAD_REQUEST', message, fieldErrors } });
        return;
      }
      try {
        const started = await deps.chat.start(parsed.data, clientIp(req, deps.trustProxy));
        if (started.ok) send(res, 201, started.chat);
        else send(res, 401, { error: started.rejection });
      } catch (error) {
        if (error instanceof WidgetNotFoundError) send(res, 404, { error: { code: 'NOT_FOUND', message: error.message } });
        else if (error instanceof ChatRateLimitedError) {
          send(res, 429, { error: { code: 'TOO_MANY_REQUESTS', message: error.message } }, { 'retry-after': String(error.retryAfterSeconds) });
        } else throw error;
      }
    },
  ).catch((error: unknown) => {
    // Never the request or the query's parameters: they hold the visitor's data.
    deps.logger.error({ err: loggableError(error) }, 'chat start failed');
    if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side. Try again.' } });
  });
  return true;
}

/**
 * Any site may embed the widget and no credentials travel, so no origin needs to be trusted; a
 * widget on another site may read how long to wait after a 429. Written in one go with the
 * status (writeHead), which is measurably cheaper per request than header by header.
 */
const JSON_HEADERS = {
  'content-type': 'application/json',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'retry-after',
  'cache-control': 'no-store',
} as const;

const PREFLIGHT_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
} as const;

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
