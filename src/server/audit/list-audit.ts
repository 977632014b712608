import { z } from "zod";
import type { Tx } from "../infra/db/tenant";
import { AUDIT_ORDER, auditCursorSchema, auditFiltersSchema, auditWhere } from "./audit-query";

export const auditListInput = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    /** The last entry of the previous page. */
    cursor: auditCursorSchema.nullish(),
    /** Older pages by time alone (kept for existing callers; `cursor` does not skip entries sharing a time). */
    before: z.date().optional(),
    filters: auditFiltersSchema.optional(),
  })
  .default({ limit: 50 });
export type AuditListInput = z.infer<typeof auditListInput>;

export const AUDIT_SELECT = { id: true, actorType: true, actorId: true, action: true, targetType: true, targetId: true, metadata: true, createdAt: true } as const;

/** One page of the workspace's audit log, newest first, filtered. */
export async function listAudit(tx: Tx, workspaceId: string, input: AuditListInput) {
  const where = auditWhere(workspaceId, input.filters ?? {}, input.cursor);
  return tx.auditLog.findMany({
    where: input.before ? { AND: [where, { createdAt: { lt: input.before } }] } : where,
    orderBy: [...AUDIT_ORDER],
    take: input.limit,
    select: AUDIT_SELECT,
  });
}

/** The action codes this workspace's log holds (the page's action filter), alphabetical. */
export async function listAuditActions(tx: Tx, workspaceId: string): Promise<string[]> {
  const rows = await tx.auditLog.groupBy({ by: ["action"], where: { workspaceId }, orderBy: { action: "asc" }, take: 500 });
  return rows.map((r) => r.action);
}
