import { describeInputError, DomainError, ERROR_WIRE, type DomainErrorCode } from '../../shared/errors.ts';
import { chatStartInput } from '../../shared/schemas/chat.ts';
import type { Rejection } from '../../shared/token/codes.ts';
import { loggableError, type Logger } from '../logger.ts';
import type { ChatService } from './chat-service.ts';

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
 * with its code, an unknown widget 404, over the rate limit 429 with Retry-After: every status
 * from the one error table (shared/errors.ts).
 */
export async function answerChatStart(request: ChatRouteRequest, deps: { chat: ChatService; logger: Logger }): Promise<PlainAnswer> {
  if (request.method === 'OPTIONS') return { status: 204, headers: PREFLIGHT_HEADERS };
  if (request.method !== 'POST') {
    return { ...errorAnswer('METHOD_NOT_SUPPORTED', { message: 'Start a chat with POST' }), headers: { allow: 'POST, OPTIONS' } };
  }
  const type = request.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return errorAnswer('UNSUPPORTED_MEDIA_TYPE', { message: 'Send the chat start as JSON with content-type: application/json' });
  }
  try {
    const body = await request.readBody(CHAT_BODY_LIMIT);
    if (body === null) return errorAnswer('PAYLOAD_TOO_LARGE', { message: `The body is over ${CHAT_BODY_LIMIT / 1024} KiB` });
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return errorAnswer('BAD_REQUEST', { message: 'The body is not valid JSON' });
    }
    const parsed = chatStartInput.safeParse(json);
    if (!parsed.success) {
      const { message, fieldErrors } = describeInputError(parsed.error);
      return errorAnswer('BAD_REQUEST', { message, fieldErrors });
    }
    const started = await deps.chat.start(parsed.data, request.ip);
    return started.ok ? { status: 201, body: started.chat } : rejectionAnswer(started.rejection);
  } catch (error) {
    if (error instanceof DomainError) return domainErrorAnswer(error);
    // Never the request or the query's parameters: they hold the visitor's data.
    deps.logger.error({ err: loggableError(error) }, 'chat start failed');
    return errorAnswer('INTERNAL_SERVER_ERROR', { message: 'Something went wrong on our side. Try again.' });
  }
}

/** `{error: {code, message, …}}` with the code's status. */
function errorAnswer(code: DomainErrorCode, error: { message: string; fieldErrors?: Record<string, string[] | undefined> }): PlainAnswer {
  return { status: ERROR_WIRE[code].httpStatus, body: { error: { code, ...error } } };
}

/** A refused token names its own code and fix in place of UNAUTHORIZED (SPEC §5). */
function rejectionAnswer(rejection: Rejection): PlainAnswer {
  return { status: ERROR_WIRE.UNAUTHORIZED.httpStatus, body: { error: rejection } };
}

function domainErrorAnswer(error: DomainError): PlainAnswer {
  if (error.rejection) return rejectionAnswer(error.rejection);
  const answer = errorAnswer(error.code, { message: error.message, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) });
  return error.retryAfterSeconds === undefined ? answer : { ...answer, headers: { 'retry-after': String(error.retryAfterSeconds) } };
}
