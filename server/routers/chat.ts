import { TRPCError } from '@trpc/server';
import { chatStartInput, chatStartOutput, chatUpdateFieldsInput, chatUpdateFieldsOutput } from '../../shared/schemas/chat.ts';
import { ACCESS_MESSAGES } from '../../shared/errors.ts';
import type { Rejection } from '../../shared/token/codes.ts';
import { safeEqual } from '../crypto/random.ts';
import { ChatRateLimitedError, ChatSessionError, WidgetNotFoundError } from '../chat/chat-service.ts';
import { publicProcedure, router } from '../trpc.ts';

/** A token refused at chat start: UNAUTHORIZED with `data.reason` = the code (SPEC §5). */
export class TokenRejectedError extends TRPCError {
  constructor(readonly rejection: Rejection) {
    super({ code: 'UNAUTHORIZED', message: rejection.message });
  }
}

/** TOO_MANY_REQUESTS, with the wait the HTTP layer turns into Retry-After. */
export class ChatThrottledError extends TRPCError {
  constructor(readonly retryAfterSeconds: number, message: string) {
    super({ code: 'TOO_MANY_REQUESTS', message });
  }
}

function asTrpcError(error: unknown): never {
  if (error instanceof WidgetNotFoundError) throw new TRPCError({ code: 'NOT_FOUND', message: error.message });
  if (error instanceof ChatRateLimitedError) throw new ChatThrottledError(error.retryAfterSeconds, error.message);
  if (error instanceof ChatSessionError) throw new TRPCError({ code: error.code, message: error.message });
  throw error;
}

export const chatRouter = router({
  start: publicProcedure
    .input(chatStartInput)
    .output(chatStartOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.chat.start(input, ctx.ip).catch(asTrpcError);
      if (!result.ok) throw new TokenRejectedError(result.rejection);
      return result.chat;
    }),
  updateFields: publicProcedure
    .input(chatUpdateFieldsInput)
    .output(chatUpdateFieldsOutput)
    .mutation(({ ctx, input }) => {
      // Acting as the AI agent uses the caller's admin rights: a cookie session must show its CSRF token.
      const principal = ctx.principal;
      if (input.actor === 'ai_agent' && principal?.kind === 'user' && !(ctx.csrfHeader && safeEqual(ctx.csrfHeader, principal.session.csrfToken))) {
        throw new TRPCError({ code: 'FORBIDDEN', message: ACCESS_MESSAGES.csrf });
      }
      return ctx.services.chat.updateFields(input, principal).catch(asTrpcError);
    }),
});
