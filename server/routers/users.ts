import { z } from 'zod';
import { createUserInput, userListItem } from '../../shared/schemas/users.ts';
import { adminProcedure, router } from '../trpc.ts';

export const usersRouter = router({
  list: adminProcedure.output(z.array(userListItem)).query(({ ctx }) => ctx.services.auth.listUsers(ctx.principal.accountId)),
  create: adminProcedure
    .input(createUserInput)
    .output(userListItem)
    .mutation(({ ctx, input }) => ctx.services.auth.createUser(ctx.meta, input)),
});
