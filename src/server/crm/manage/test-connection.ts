import { recordAudit } from "../../audit/record-audit";
import type { Tx } from "../../infra/db/tenant";
import { AppError } from "../../infra/errors/app-error";
import type { CrmActor } from "./crm-actor";
import { callCrm } from "./call-crm";
import { uiCallContext } from "./crm-ui-call";

/**
 * "Test": asks the CRM who the stored credentials belong to. Success refreshes the label and,
 * when the connection was FAILING, clears its error (the next run will confirm). Audited
 * either way (ok or not, never the CRM's message).
 */
export async function testCrmConnection(actor: CrmActor, connectionId: string): Promise<{ account: string }> {
  const audit = (tx: Tx, ok: boolean) =>
    recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "crm.tested", target: { type: "crm_connection", id: connectionId }, metadata: { ok } });
  try {
    const { account } = await callCrm(actor, connectionId, (connector, creds) => connector.testConnection(creds, uiCallContext));
    await actor.tenant(async (tx) => {
      await tx.crmConnection.updateMany({ where: { id: connectionId, workspaceId: actor.workspaceId }, data: { label: account.slice(0, 200) } });
      await tx.crmConnection.updateMany({ where: { id: connectionId, workspaceId: actor.workspaceId, status: "FAILING" }, data: { status: "ACTIVE", lastError: null, failingSince: null } });
      await audit(tx, true);
    });
    return { account };
  } catch (error) {
    // A connection that does not exist here has nothing to audit.
    if (!(error instanceof AppError && error.code === "NOT_FOUND")) await actor.tenant((tx) => audit(tx, false));
    throw error;
  }
}
