import { readinessInput, readinessOutput } from '../../shared/schemas/readiness.ts';
import { adminProcedure, router } from '../trpc.ts';

export const readinessRouter = router({
  get: adminProcedure
    .input(readinessInput)
    .output(readinessOutput)
    .query(({ ctx, input }) => ctx.services.readiness.get(ctx.principal.accountId, input.widgetId, input.days)),
});
