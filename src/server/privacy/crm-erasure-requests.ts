import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

/** CRM records of erased contacts still to be deleted in the CRM by an admin, oldest first. */
export async function listOpenCrmErasures(tx: Tx, workspaceId: string) {
  const rows = await tx.crmErasureRequest.findMany({
    where: { workspaceId, resolvedAt: null },
    orderBy: { requestedAt: "asc" },
    take: 200,
    include: { connection: { select: { label: true } } },
  });
  return rows.map((r) => ({ id: r.id, provider: r.provider, account: r.connection.label, leadId: r.leadId, externalId: r.externalId, requestedAt: r.requestedAt }));
}

export const resolveCrmErasureInput = z.object({ requestId: z.string().trim().min(1).max(100) });

/** The admin deleted the record in the CRM: the request is closed (idempotent) and audited. */
export async function resolveCrmErasure(tx: Tx, workspaceId: string, userId: string, input: z.infer<typeof resolveCrmErasureInput>): Promise<void> {
  const request = await tx.crmErasureRequest.findFirst({ where: { id: input.requestId, workspaceId }, select: { resolvedAt: true } });
  if (!request) throw new AppError("NOT_FOUND", "Erasure request not found.");
  if (request.resolvedAt) return;
  await tx.crmErasureRequest.updateMany({ where: { id: input.requestId, workspaceId, resolvedAt: null }, data: { resolvedAt: new Date(), resolvedById: userId } });
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "privacy.crm_erasure.resolve", target: { type: "crm_erasure_request", id: input.requestId } });
}
