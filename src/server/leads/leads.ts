import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

export const leadStatusInput = z.object({ leadId: z.string().min(1), status: z.enum(["NEW", "QUALIFIED", "WON", "LOST"]) });

/** Agents qualify leads and mark outcomes; won/lost marks feed the scorer's retraining. */
export async function setLeadStatus(tx: Tx, workspaceId: string, userId: string, input: z.infer<typeof leadStatusInput>) {
  const outcome = input.status === "WON" || input.status === "LOST";
  const { count } = await tx.lead.updateMany({
    where: { id: input.leadId, workspaceId },
    data: { status: input.status, outcomeAt: outcome ? new Date() : null, changedAt: new Date() },
  });
  if (count === 0) throw new AppError("NOT_FOUND", "Lead not found.");
  await recordAudit(tx, workspaceId, { actor: { type: "USER", id: userId }, action: "lead.status", target: { type: "lead", id: input.leadId }, metadata: { status: input.status } });
}
