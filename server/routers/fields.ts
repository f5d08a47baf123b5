import { fieldCatalog } from '../../shared/schemas/fields.ts';
import { loadCatalog } from '../store/field-catalog.ts';
import { authedProcedure, router } from '../trpc.ts';

export const fieldsRouter = router({
  list: authedProcedure.output(fieldCatalog).query(({ ctx }) => loadCatalog(ctx.db, ctx.principal.accountId)),
});
