import { z } from 'zod';
import { apiKeySummary, createApiKeyInput, createdApiKey, revokeApiKeyInput } from '../../shared/schemas/api-keys.ts';
import { adminProcedure, router } from '../trpc.ts';

export const apiKeysRouter = router({
  create: adminProcedure
    .input(createApiKeyInput)
    .output(createdApiKey)
    .mutation(({ ctx, input }) => ctx.services.auth.createApiKey(ctx.meta, input.name)),
  list: adminProcedure.output(z.array(apiKeySummary)).query(({ ctx }) => ctx.services.auth.listApiKeys(ctx.principal.accountId)),
  revoke: adminProcedure
    .input(revokeApiKeyInput)
    .output(apiKeySummary)
    .mutation(({ ctx, input }) => ctx.services.auth.revokeApiKey(ctx.meta, input.id)),
});
