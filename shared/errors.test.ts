import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { describe, expect, it } from 'vitest';
import { DomainError, domainErrorCodes, ERROR_WIRE } from './errors.ts';

describe('the error table', () => {
  it.each(domainErrorCodes)('answers %s with the JSON-RPC code and HTTP status tRPC gives it', (code) => {
    expect(ERROR_WIRE[code]).toEqual({
      jsonRpcCode: TRPC_ERROR_CODES_BY_KEY[code],
      httpStatus: getHTTPStatusCodeFromError(new TRPCError({ code })),
    });
  });
});

describe('DomainError', () => {
  it('carries the wait of a throttled call', () => {
    const error = DomainError.throttled('Slow down.', 42);
    expect([error.code, error.message, error.retryAfterSeconds, error.rejection]).toEqual(['TOO_MANY_REQUESTS', 'Slow down.', 42, undefined]);
  });

  it('says a refused token is UNAUTHORIZED with its own message, code and hint', () => {
    const rejection = { code: 'TOKEN_EXPIRED' as const, message: 'The token has expired.', hint: 'Sign a fresh one.' };
    const error = DomainError.tokenRejected(rejection);
    expect([error.code, error.message, error.rejection]).toEqual(['UNAUTHORIZED', 'The token has expired.', rejection]);
  });
});
