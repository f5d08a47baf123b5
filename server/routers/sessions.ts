import { revokeForIdentityInput, revokeForIdentityOutput } from '../../shared/schemas/conversation.ts';
import { adminProcedure, router } from '../trpc.ts';

/** Server-side sign-out of a person (SPEC §7): every open widget session of theirs ends, on every instance. */
export const sessionsRouter = router({
  revokeForIdentity: adminProcedure
    .input(revokeForIdentityInput)
    .output(revokeForIdentityOutput)
    .mutation(({ ctx, input }) => ctx.services.sessions.revokeForIdentity(ctx.meta, input)),
});
