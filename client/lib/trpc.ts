import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../server/routers/_app.ts';

/**
 * The session cookie is HttpOnly; the CSRF token that goes with it is held here, set from
 * auth.login or auth.me, and sent on every call (SPEC §5).
 */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** The tRPC error code of a failed call (UNAUTHORIZED, CONFLICT, …), if it is one. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  return data && typeof data === 'object' && 'code' in data && typeof data.code === 'string' ? data.code : undefined;
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // A 4xx will not change on retry; only network and server errors are tried again.
      retry: (count, error) => count < 2 && (errorCode(error) === undefined || errorCode(error) === 'INTERNAL_SERVER_ERROR'),
    },
  },
});

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: '/api/trpc',
      headers: () => (csrfToken ? { 'x-csrf-token': csrfToken } : {}),
    }),
  ],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });
