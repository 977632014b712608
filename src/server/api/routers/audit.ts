import { listAudit, listAuditActions, auditListInput } from "../../audit/list-audit";
import { adminProcedure, createTRPCRouter } from "../trpc";

/** The audit log: admins only. The CSV export is GET /api/audit/export (streamed). */
export const auditRouter = createTRPCRouter({
  list: adminProcedure.input(auditListInput).query(({ ctx, input }) => ctx.tenant((tx) => listAudit(tx, ctx.workspaceId, input))),
  actions: adminProcedure.query(({ ctx }) => ctx.tenant((tx) => listAuditActions(tx, ctx.workspaceId))),
});
