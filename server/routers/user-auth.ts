import {
  allowlistInput,
  enforceInput,
  updatePolicyInput,
  userAuthSettings,
} from '../../shared/schemas/user-auth.ts';
import { widgetIdInput } from '../../shared/schemas/widgets.ts';
import { adminProcedure, router } from '../trpc.ts';

export const userAuthRouter = router({
  get: adminProcedure
    .input(widgetIdInput)
    .output(userAuthSettings)
    .query(({ ctx, input }) => ctx.services.userAuth.get(ctx.principal.accountId, input.widgetId)),
  enforce: adminProcedure
    .input(enforceInput)
    .output(userAuthSettings)
    .mutation(({ ctx, input }) => ctx.services.userAuth.enforce(ctx.meta, input)),
  disable: adminProcedure
    .input(allowlistInput)
    .output(userAuthSettings)
    .mutation(({ ctx, input }) => ctx.services.userAuth.disable(ctx.meta, input)),
  updateAllowlist: adminProcedure
    .input(allowlistInput)
    .output(userAuthSettings)
    .mutation(({ ctx, input }) => ctx.services.userAuth.updateAllowlist(ctx.meta, input)),
  updatePolicy: adminProcedure
    .input(updatePolicyInput)
    .output(userAuthSettings)
    .mutation(({ ctx, input }) => ctx.services.userAuth.updatePolicy(ctx.meta, input)),
});
