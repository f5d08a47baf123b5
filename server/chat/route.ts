import { describeInputError, DomainError, ERROR_WIRE, type DomainErrorCode } from '../../shared/errors.ts';
import type { z } from 'zod';
import { chatStartInput } from '../../shared/schemas/chat.ts';
import { sessionEndInput, sessionMessageInput, sessionResumeInput, sessionUpdatesInput } from '../../shared/schemas/conversation.ts';
import type { Rejection } from '../../shared/token/codes.ts';
import { loggableError, type Logger } from '../logger.ts';
import type { ChatService } from './chat-service.ts';
import type { SessionRefusal, SessionService } from './session-service.ts';

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
  /** Aborts when the caller goes away (a long poll stops waiting). */
  signal?: AbortSignal;
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

/** The session routes after chat start (SPEC §7): `/webchat/v1/sessions/{id}/{action}`. */
const SESSION_PATH = /^\/([^/]{1,100})\/(messages|updates|resume|end)$/;
type SessionAction = 'messages' | 'updates' | 'resume' | 'end';

/**
 * The widget's plain routes under `/webchat/v1/sessions` (SPEC §5, §7), whatever carries them:
 * node:http on the server, msw in demo mode. `path` is what follows `/webchat/v1/sessions`.
 * Returns null for a path that is not one of them.
 */
export function answerWebchat(path: string, request: ChatRouteRequest, deps: { chat: ChatService; sessions: SessionService; logger: Logger }): Promise<PlainAnswer> | null {
  if (path === '' || path === '/') return answerChatStart(request, deps);
  const match = SESSION_PATH.exec(path);
  if (!match) return null;
  // Session ids are plain (UUIDs): taken as they stand, never decoded.
  const sessionId = match[1] ?? '';
  const { sessions } = deps;
  switch (match[2] as SessionAction) {
    case 'messages':
      return answerJson(request, deps.logger, sessionMessageInput, async (input) => {
        const result = await sessions.postMessage(sessionId, input);
        return result.ok ? { status: 201, body: result.value } : sessionRefusal(result.refusal);
      });
    case 'updates':
      return answerJson(request, deps.logger, sessionUpdatesInput, async (input) => {
        const result = await sessions.updates(sessionId, input, request.signal);
        return result.ok ? { status: 200, body: result.value } : sessionRefusal(result.refusal);
      });
    case 'resume':
      return answerJson(request, deps.logger, sessionResumeInput, async (input) => {
        const result = await sessions.resume(sessionId, input);
        return result.ok ? { status: 200, body: result.value } : sessionRefusal(result.refusal);
      });
    case 'end':
      return answerJson(request, deps.logger, sessionEndInput, async (input) => {
        const result = await sessions.end(sessionId, input);
        return result.ok ? { status: 204 } : sessionRefusal(result.refusal);
      });
  }
}

/**
 * `POST /webchat/v1/sessions` (SPEC §5). JSON only, the body parsed with the shared schema, a
 * refused token answered 401 with its code, an unknown widget 404, over the rate limit 429 with
 * Retry-After: every status from the one error table (shared/errors.ts).
 */
export function answerChatStart(request: ChatRouteRequest, deps: { chat: ChatService; logger: Logger }): Promise<PlainAnswer> {
  return answerJson(request, deps.logger, chatStartInput, async (input) => {
    const started = await deps.chat.start(input, request.ip);
    return started.ok ? { status: 201, body: started.chat } : rejectionAnswer(started.rejection);
  });
}

/** A POST of JSON read with `schema`, then `answer`; every other method, type or body answered here. */
async function answerJson<S extends z.ZodType>(
  request: ChatRouteRequest,
  logger: Logger,
  schema: S,
  answer: (input: z.output<S>) => Promise<PlainAnswer>,
): Promise<PlainAnswer> {
  if (request.method === 'OPTIONS') return { status: 204, headers: PREFLIGHT_HEADERS };
  if (request.method !== 'POST') {
    return { ...errorAnswer('METHOD_NOT_SUPPORTED', { message: 'Use POST with a JSON body' }), headers: { allow: 'POST, OPTIONS' } };
  }
  const type = request.contentType?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return errorAnswer('UNSUPPORTED_MEDIA_TYPE', { message: 'Send JSON with content-type: application/json' });
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
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const { message, fieldErrors } = describeInputError(parsed.error);
      return errorAnswer('BAD_REQUEST', { message, fieldErrors });
    }
    return await answer(parsed.data);
  } catch (error) {
    if (error instanceof DomainError) return domainErrorAnswer(error);
    // Never the request or the query's parameters: they hold the visitor's data.
    logger.error({ err: loggableError(error) }, 'widget request failed');
    return errorAnswer('INTERNAL_SERVER_ERROR', { message: 'Something went wrong on our side. Try again.' });
  }
}

/** A session route's refusal: 401 with its own code (SPEC §7). */
function sessionRefusal(refusal: SessionRefusal): PlainAnswer {
  return { status: ERROR_WIRE.UNAUTHORIZED.httpStatus, body: { error: refusal } };
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
