import { recordAudit } from "../../audit/record-audit";
import { AppError } from "../../infra/errors/app-error";
import { rateLimiter } from "../../infra/runtime/ports";
import { requestCrmSync } from "../sync/request-sync";
import type { CrmActor } from "./crm-actor";
import { loadConnection } from "./load-connection";

/**
 * "Sync now": requests a MANUAL run of one connection (published after commit; a run already
 * going takes the pending leads anyway). Limited per workspace (`crm-sync-now`) so the button
 * cannot become a way round the CRM's rate limits; refused while the connection needs re-auth
 * or is paused, with what to do instead.
 */
export async function syncCrmNow(actor: CrmActor, connectionId: string): Promise<{ requested: true }> {
  const connection = await actor.tenant((tx) => loadConnection(tx, actor.workspaceId, connectionId));
  if (connection.status === "NEEDS_REAUTH") throw new AppError("BAD_REQUEST", "This CRM needs to be reconnected before it can sync.");
  if (!connection.enabled) throw new AppError("BAD_REQUEST", "Sync is paused for this CRM: turn it on first.");
  const limit = await rateLimiter().limit("crm-sync-now", actor.workspaceId);
  if (!limit.success) {
    const retryAfterSeconds = Math.max(1, Math.ceil((limit.resetMs - Date.now()) / 1000));
    throw new AppError("RATE_LIMITED", `Sync now was pressed several times already. Try again in ${retryAfterSeconds} s; scheduled syncs keep running.`, { retryAfterSeconds });
  }
  await actor.tenant(async (tx, outbox) => {
    await requestCrmSync(outbox, { workspaceId: actor.workspaceId, connectionId, trigger: "MANUAL" });
    await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "crm.sync_now", target: { type: "crm_connection", id: connectionId }, metadata: { provider: connection.provider } });
  });
  return { requested: true };
}
