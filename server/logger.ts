import { DrizzleQueryError } from 'drizzle-orm';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs. Nothing secret is ever passed to the logger on purpose; the redaction list is
 * the second line of defence should a header or a field slip through.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'webchat-auth' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          '*.password',
          '*.secret',
          '*.token',
          '*.key',
          '*.jwtAuthToken',
          '*.csrfToken',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger };

/**
 * What of an unexpected error may be logged. A failed query's error carries its parameters
 * (session and CSRF tokens, password hashes): only the SQL and the driver's code and message go.
 */
export function loggableError(error: unknown) {
  if (error instanceof DrizzleQueryError) {
    const cause = error.cause as (Error & { code?: string }) | undefined;
    return { type: 'DrizzleQueryError', query: error.query, code: cause?.code, message: cause?.message };
  }
  return error;
}

