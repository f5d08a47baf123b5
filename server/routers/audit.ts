import { auditListInput, auditPage } from '../../shared/schemas/audit.ts';
import { listAudit } from '../services/audit.ts';
import { adminProcedure, router } from '../trpc.ts';

export const auditRouter = router({
  list: adminProcedure
    .input(auditListInput)
    .output(auditPage)
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.principal.accountId, input)),
});
