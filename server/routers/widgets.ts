import { z } from 'zod';
import { widgetDetail, widgetGetInput, widgetListItem } from '../../shared/schemas/widgets.ts';
import { findWidget, listWidgets, toDetail, toListItem } from '../services/widgets.ts';
import { adminProcedure, authedProcedure, router } from '../trpc.ts';

export const widgetsRouter = router({
  list: authedProcedure
    .output(z.array(widgetListItem))
    .query(async ({ ctx }) => (await listWidgets(ctx.db, ctx.principal.accountId)).map(toListItem)),
  get: adminProcedure
    .input(widgetGetInput)
    .output(widgetDetail)
    .query(async ({ ctx, input }) => toDetail(await findWidget(ctx.db, ctx.principal.accountId, input.id))),
});
