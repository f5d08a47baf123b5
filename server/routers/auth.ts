import { DomainError } from '../../shared/errors.ts';
import { loginInput, loginOutput, meOutput } from '../../shared/schemas/auth.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  login: publicProcedure
    .input(loginInput)
    .output(loginOutput)
    .mutation(async ({ ctx, input }) => {
      const { output, cookieValue } = await ctx.services.auth.login(input, { ip: ctx.ip, requestId: ctx.requestId });
      ctx.cookies.set(cookieValue);
      return output;
    }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    const principal = ctx.principal;
    if (principal.kind !== 'user') {
      throw new DomainError('BAD_REQUEST', 'API keys have no session to sign out of; revoke the key instead.');
    }
    await ctx.services.auth.logout({ principal, requestId: ctx.requestId });
    ctx.cookies.clear();
    return { ok: true as const };
  }),

  me: authedProcedure.output(meOutput).query(({ ctx }) => {
    const p = ctx.principal;
    return p.kind === 'user'
      ? { user: p.user, apiKey: null, role: p.role, csrfToken: p.session.csrfToken }
      : { user: null, apiKey: p.apiKey, role: p.role, csrfToken: null };
  }),
});
