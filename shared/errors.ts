import { z } from 'zod';

/**
 * Errors the domain rules raise. Each code is also a tRPC error code, so the server maps them
 * one to one and the browser demo can raise the very same ones.
 */
export const domainErrorCodes = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'FORBIDDEN',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Field-level problems, keyed by input path (`allowlist.ticketFields`), for forms. */
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
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
