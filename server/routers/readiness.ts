import { failuresInput, failuresOutput, readinessInput, readinessOutput } from '../../shared/schemas/readiness.ts';
import { adminProcedure, router } from '../trpc.ts';

export const readinessRouter = router({
  get: adminProcedure
    .input(readinessInput)
    .output(readinessOutput)
    .query(({ ctx, input }) => ctx.services.readiness.get(ctx.principal.accountId, input.widgetId, input.days)),
  failures: adminProcedure
    .input(failuresInput)
    .output(failuresOutput)
    .query(({ ctx, input }) => ctx.services.readiness.failures(ctx.principal.accountId, input.widgetId, input.limit)),
});
