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
