import { recordAudit } from "../../audit/record-audit";
import { AppError } from "../../infra/errors/app-error";
import { retryCrmLink } from "../sync/request-sync";
import type { CrmActor } from "./crm-actor";

/**
 * "Retry" on a failed or dead lead: back to PENDING with a fresh attempt budget and a sync of
 * its connection requested (both in one transaction). A link that is no longer failed (it
 * synced meanwhile, or was retried by someone else) is NOT_FOUND, and nothing is recorded.
 */
export async function retryCrmLead(actor: CrmActor, linkId: string): Promise<{ retried: true }> {
  return actor.tenant(async (tx, outbox) => {
    const retried = await retryCrmLink(tx, outbox, actor.workspaceId, linkId);
    if (!retried) throw new AppError("NOT_FOUND", "This lead is not waiting for a retry any more (it may have synced, or been retried already).");
    await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "crm.lead.retry", target: { type: "crm_lead_link", id: linkId } });
    return { retried: true as const };
  });
}
