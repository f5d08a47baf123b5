import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { ACCESS_MESSAGES, describeInputError, DomainError } from '../shared/errors.ts';
import type { Context } from './context.ts';
import { safeEqual } from './crypto/random.ts';

const t = initTRPC.context<Context>().create({
  // Never put stack traces in responses (STACK.md: tRPC adds them unless told it is not in dev).
  isDev: false,
  // Demo mode runs this router in the page (server/fetch-app.ts); it is the same router, not a client.
  allowOutsideOfServer: true,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const domain = cause instanceof DomainError ? cause : undefined;
    const fieldErrors = cause instanceof ZodError ? describeInputError(cause).fieldErrors : domain?.fieldErrors;
    // A refused token names its code and the fix (SPEC §5: `data.reason`).
    const rejection = domain?.rejection;
    return {
      message: messageOf(error, cause),
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        ...(fieldErrors ? { fieldErrors } : {}),
        ...(rejection ? { reason: rejection.code, hint: rejection.hint } : {}),
      },
    };
  },
});

function messageOf(error: TRPCError, cause: unknown): string {
  if (cause instanceof ZodError) return describeInputError(cause).message;
  // Internal errors may carry driver details; the client gets a plain sentence, the log the rest.
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'Something went wrong on our side. Try again; if it persists, quote the request id.';
  return error.message;
}

/**
 * Services, routers and domain rules throw DomainError, the one error of shared/errors.ts; its code
 * is a tRPC code, so the mapping is one to one. The error stays the cause: the formatter reads
 * its field errors and rejection there, trpc-http.ts its Retry-After.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(domainErrors);

/**
 * Signed-in users and API keys. A cookie-authenticated mutation must carry the session's CSRF
 * token (SPEC §5); a Bearer key is not sent by browsers on their own, so it needs none.
 */
export const authedProcedure = publicProcedure.use(({ ctx, type, next }) => {
  const principal = ctx.principal;
  if (!principal) {
    throw new DomainError('UNAUTHORIZED', ACCESS_MESSAGES.unauthorized);
  }
  if (type === 'mutation' && principal.kind === 'user') {
    if (!ctx.csrfHeader || !safeEqual(ctx.csrfHeader, principal.session.csrfToken)) {
      throw new DomainError('FORBIDDEN', ACCESS_MESSAGES.csrf);
    }
  }
  return next({ ctx: { ...ctx, principal, meta: { principal, requestId: ctx.requestId } } });
});

export const adminProcedure = authedProcedure.use(async ({ ctx, path, type, next }) => {
  if (ctx.principal.role !== 'admin') {
    throw new DomainError('FORBIDDEN', ACCESS_MESSAGES.adminOnly);
  }
  // Mutations audit themselves with the key as actor; reads by a key are audited here.
  if (ctx.principal.kind === 'api_key' && type === 'query') {
    await ctx.services.auth.recordApiKeyUse(ctx.meta, path);
  }
  return next();
});
