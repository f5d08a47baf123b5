import type { TRPCError } from '@trpc/server';
import { DomainError } from '../shared/errors.ts';

/** Every host's tRPC HTTP options: the same limits and the same Retry-After on a throttled call. */
export const TRPC_HTTP_OPTIONS = {
  basePath: '/api/trpc/',
  // Chat start bodies need at least 16 KiB (SPEC §5); nothing the API takes comes near 128.
  maxBodySize: 128 * 1024,
  maxBatchSize: 20,
  responseMeta: ({ errors }: { errors: TRPCError[] }) => {
    const waits = errors.map((e) => (e.cause instanceof DomainError ? (e.cause.retryAfterSeconds ?? 0) : 0));
    const wait = Math.max(0, ...waits);
    return wait > 0 ? { headers: { 'retry-after': String(wait) } } : {};
  },
} as const;
