import { tokensInspectInput, tokensInspectOutput, tokensSignTestInput, tokensSignTestOutput } from '../../shared/schemas/tokens.ts';
import { adminProcedure, router } from '../trpc.ts';

export const tokensRouter = router({
  /** A mutation (SPEC §5): the token travels in a POST body, never in a URL. */
  inspect: adminProcedure
    .input(tokensInspectInput)
    .output(tokensInspectOutput)
    .mutation(({ ctx, input }) => ctx.services.tokens.inspect(ctx.principal.accountId, input.widgetId, input.token)),
  signTest: adminProcedure
    .input(tokensSignTestInput)
    .output(tokensSignTestOutput)
    .mutation(({ ctx, input }) => ctx.services.tokens.signTest(ctx.meta, input.widgetId, input.payload)),
});
