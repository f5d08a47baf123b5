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
