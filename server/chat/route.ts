import { chatStartInput } from '../../shared/schemas/chat.ts';
import { describeInputError } from '../../shared/errors.ts';
import { loggableError, type Logger } from '../logger.ts';
import { ChatRateLimitedError, WidgetNotFoundError, type ChatService } from './chat-service.ts';

/** SPEC §5: at least 16 KiB, so an oversize token is a 401 TOKEN_TOO_LARGE and not a bare 413. */
export const CHAT_BODY_LIMIT = 64 * 1024;

/** An answer of the widget's plain route, before any host writes it. */
export interface PlainAnswer {
  status: number;
  /** JSON body; absent for 204. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a host knows of a request to `/webchat/v1/sessions`, read from its own request type. */
export interface ChatRouteRequest {
  method: string;
  contentType: string | null;
  /** Reads the body as text, or null when it is over `limit` bytes. */
  readBody(limit: number): Promise<string | null>;
  ip: string;
}

/**
 * Any site may embed the widget and no credentials travel, so no origin needs to be trusted; a
 * widget on another site may read how long to wait after a 429.
 */
export const JSON_HEADERS = {
  'content-type': 'application/json',
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'retry-after',
  'cache-control': 'no-store',
} as const;

export const PREFLIGHT_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
} as const;

/**
 * `POST /webchat/v1/sessions` (SPEC §5), whatever carries it: node:http on the server, msw in
 * demo mode. JSON only, the body parsed with the shared schema, a refused token answered 401
 * with its code, an unknown widget 404, over the rate limit 429 with Retry-After.
 */
export async function answerChatStart(request: ChatRouteRequest, deps: { chat: ChatService; logger: Logger }): Promise<PlainAnswer> {
  if (request.method === 'OPTIONS') return { status: 204, headers: PREFLIGHT_HEADERS };
  if (request.method !== 'POST') {
    return { status: 405, body: { error: { code: 'METHOD_NOT_SUPPORTED', message: 'Start a chat with POST' } }, headers: { allow: 'POST, OPTIONS' } };
  }
  const type = request.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return { status: 415, body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the chat start as JSON with content-type: application/json' } } };
  }
  try {
    const body = await request.readBody(CHAT_BODY_LIMIT);
    if (body === null) return { status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: `The body is over ${CHAT_BODY_LIMIT / 1024} KiB` } } };
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'The body is not valid JSON' } } };
    }
    const parsed = chatStartInput.safeParse(json);
    if (!parsed.success) {
      const { message, fieldErrors } = describeInputError(parsed.error);
      return { status: 400, body: { error: { code: 'BAD_REQUEST', message, fieldErrors } } };
    }
    const started = await deps.chat.start(parsed.data, request.ip);
    return started.ok ? { status: 201, body: started.chat } : { status: 401, body: { error: started.rejection } };
  } catch (error) {
    if (error instanceof WidgetNotFoundError) return { status: 404, body: { error: { code: 'NOT_FOUND', message: error.message } } };
    if (error instanceof ChatRateLimitedError) {
      return { status: 429, body: { error: { code: 'TOO_MANY_REQUESTS', message: error.message } }, headers: { 'retry-after': String(error.retryAfterSeconds) } };
    }
    // Never the request or the query's parameters: they hold the visitor's data.
    deps.logger.error({ err: loggableError(error) }, 'chat start failed');
    return { status: 500, body: { error: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side. Try again.' } } };
  }
}
