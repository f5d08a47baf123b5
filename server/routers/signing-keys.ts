import { z } from 'zod';
import { generateKeyInput, kidInput, revealedKey, signingKeySummary } from '../../shared/schemas/signing-keys.ts';
import { adminProcedure, router } from '../trpc.ts';

export const signingKeysRouter = router({
  list: adminProcedure
    .output(z.array(signingKeySummary))
    .query(({ ctx }) => ctx.services.signingKeys.list(ctx.principal.accountId)),
  generate: adminProcedure
    .input(generateKeyInput)
    .output(signingKeySummary)
    .mutation(({ ctx, input }) => ctx.services.signingKeys.generate(ctx.meta, input.graceSeconds)),
  /** A mutation, so the secret never sits in a URL or a cache; audited. */
  reveal: adminProcedure
    .input(kidInput)
    .output(revealedKey)
    .mutation(({ ctx, input }) => ctx.services.signingKeys.reveal(ctx.meta, input.kid)),
  revoke: adminProcedure
    .input(kidInput)
    .output(signingKeySummary)
    .mutation(({ ctx, input }) => ctx.services.signingKeys.revoke(ctx.meta, input.kid)),
});
