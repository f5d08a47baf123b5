import { z } from 'zod';
import type { Rejection } from './token/codes.ts';

/**
 * Every error the API answers, one closed set. Each code is also a tRPC error code, so the tRPC
 * layer maps them one to one, `switch (error.code)` narrows, and the plain chat route and the
 * browser demo answer the very same codes.
 */
export const domainErrorCodes = [
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'METHOD_NOT_SUPPORTED',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TOO_MANY_REQUESTS',
  'INTERNAL_SERVER_ERROR',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/**
 * How each code travels: the JSON-RPC code tRPC puts in `error.code` and the HTTP status, the same
 * as tRPC's own tables (errors.test.ts holds them to it), for hosts that answer without tRPC.
 */
export const ERROR_WIRE = {
  BAD_REQUEST: { jsonRpcCode: -32600, httpStatus: 400 },
  UNAUTHORIZED: { jsonRpcCode: -32001, httpStatus: 401 },
  FORBIDDEN: { jsonRpcCode: -32003, httpStatus: 403 },
  NOT_FOUND: { jsonRpcCode: -32004, httpStatus: 404 },
  METHOD_NOT_SUPPORTED: { jsonRpcCode: -32005, httpStatus: 405 },
  CONFLICT: { jsonRpcCode: -32009, httpStatus: 409 },
  PRECONDITION_FAILED: { jsonRpcCode: -32012, httpStatus: 412 },
  PAYLOAD_TOO_LARGE: { jsonRpcCode: -32013, httpStatus: 413 },
  UNSUPPORTED_MEDIA_TYPE: { jsonRpcCode: -32015, httpStatus: 415 },
  TOO_MANY_REQUESTS: { jsonRpcCode: -32029, httpStatus: 429 },
  INTERNAL_SERVER_ERROR: { jsonRpcCode: -32603, httpStatus: 500 },
} as const satisfies Record<DomainErrorCode, { jsonRpcCode: number; httpStatus: number }>;

/**
 * The one error services, routers and domain rules throw. The tRPC layer turns it into its
 * TRPCError (`data.fieldErrors`, `data.reason`/`data.hint`, Retry-After); the plain chat route
 * answers it with the status of ERROR_WIRE.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  /** Seconds a throttled caller should wait, sent as Retry-After. */
  readonly retryAfterSeconds: number | undefined;
  /** A refused token (SPEC §2): its code and fix travel as `data.reason` and `data.hint`. */
  readonly rejection: Rejection | undefined;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Field-level problems, keyed by input path (`allowlist.ticketFields`), for forms. */
    readonly fieldErrors?: Record<string, string[]>,
    details: { retryAfterSeconds?: number; rejection?: Rejection } = {},
  ) {
    super(message);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.rejection = details.rejection;
  }

  /** TOO_MANY_REQUESTS, with how long to wait. */
  static throttled(message: string, retryAfterSeconds: number): DomainError {
    return new DomainError('TOO_MANY_REQUESTS', message, undefined, { retryAfterSeconds });
  }

  /** A token refused at chat start: UNAUTHORIZED with the rejection's message (SPEC §5). */
  static tokenRejected(rejection: Rejection): DomainError {
    return new DomainError('UNAUTHORIZED', rejection.message, undefined, { rejection });
  }
}

/** The message every stale write gets, in the server and in the demo alike. */
export const CONFLICT_MESSAGE =
  'These settings were changed by someone else since you loaded them. Reload to see the latest version, then make your change again.';

/** Messages for access errors, the same from the server and from the browser demo. */
export const ACCESS_MESSAGES = {
  unauthorized: 'Sign in, or send a valid API key as Authorization: Bearer <key>.',
  csrf: 'Missing or wrong x-csrf-token header; reload the page and try again.',
  adminOnly: 'This needs an admin. Agents can see tickets, widgets and fields only.',
} as const;

/**
 * A zod failure as clients see it: one readable sentence naming each field, and the per-field
 * messages a form puts next to its inputs.
 */
export function describeInputError(error: z.ZodError): { message: string; fieldErrors: Record<string, string[] | undefined> } {
  return {
    message: error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '),
    fieldErrors: z.flattenError(error).fieldErrors as Record<string, string[] | undefined>,
  };
}
