import { ACCESS_MESSAGES, DomainError } from '../../shared/errors.ts';
import { chatStartInput, chatStartOutput, chatStartTestInput, chatUpdateFieldsInput, chatUpdateFieldsOutput } from '../../shared/schemas/chat.ts';
import { safeEqual } from '../crypto/random.ts';
import { adminProcedure, publicProcedure, router } from '../trpc.ts';

export const chatRouter = router({
  start: publicProcedure
    .input(chatStartInput)
    .output(chatStartOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.services.chat.start(input, ctx.ip);
      // UNAUTHORIZED with `data.reason` = the code (SPEC §5).
      if (!result.ok) throw DomainError.tokenRejected(result.rejection);
      return result.chat;
    }),
  /** The console's test chat (SPEC §4.5): the real chat start on the admin's own widget, marked as a test. */
  startTest: adminProcedure
    .input(chatStartTestInput)
    .output(chatStartOutput)
    .mutation(({ ctx, input }) => ctx.services.tokens.startTestChat(ctx.meta, input, ctx.ip)),
  updateFields: publicProcedure
    .input(chatUpdateFieldsInput)
    .output(chatUpdateFieldsOutput)
    .mutation(({ ctx, input }) => {
      // Acting as the AI agent uses the caller's admin rights: a cookie session must show its CSRF token.
      const principal = ctx.principal;
      if (input.actor === 'ai_agent' && principal?.kind === 'user' && !(ctx.csrfHeader && safeEqual(ctx.csrfHeader, principal.session.csrfToken))) {
        throw new DomainError('FORBIDDEN', ACCESS_MESSAGES.csrf);
      }
      return ctx.services.chat.updateFields(input, principal);
    }),
});
