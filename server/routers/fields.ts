import { fieldCatalog, fieldsArchiveInput, fieldsCreateInput, fieldsListInput, fieldsUpdateInput, managedField } from '../../shared/schemas/fields.ts';
import { loadCatalog } from '../store/field-catalog.ts';
import { adminProcedure, authedProcedure, router } from '../trpc.ts';

export const fieldsRouter = router({
  list: authedProcedure
    .input(fieldsListInput)
    .output(fieldCatalog)
    .query(({ ctx, input }) => loadCatalog(ctx.db, ctx.principal.accountId, { includeArchived: input?.includeArchived ?? false })),
  create: adminProcedure
    .input(fieldsCreateInput)
    .output(managedField)
    .mutation(({ ctx, input }) => ctx.services.fields.create(ctx.meta, input)),
  update: adminProcedure
    .input(fieldsUpdateInput)
    .output(managedField)
    .mutation(({ ctx, input }) => ctx.services.fields.update(ctx.meta, input)),
  archive: adminProcedure
    .input(fieldsArchiveInput)
    .output(managedField)
    .mutation(({ ctx, input }) => ctx.services.fields.archive(ctx.meta, input)),
});
