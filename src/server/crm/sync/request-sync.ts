import type { RawSql } from "../../infra/db/sql";
import type { OutboxWriter } from "../../infra/outbox/outbox-entry";

export type CrmSyncTrigger = "MANUAL" | "RETRY" | "SCHEDULED" | "CONNECTED";

/** Requests of one connection and trigger within this window publish one job (double clicks, a burst of retries). */
const REQUEST_WINDOW_MS = 60_000;

/**
 * Records one `crm-sync-connection` job in the caller's transaction: it is published after the
 * commit, and never lost (docs/architecture.md#side-effects-after-commit). A run already in
 * progress makes the new one return "busy"; the running one takes every pending lead anyway.
 */
export async function requestCrmSync(
  outbox: OutboxWriter,
  input: { workspaceId: string; connectionId: string; trigger: CrmSyncTrigger },
  now = new Date(),
): Promise<void> {
  const bucket = Math.floor(now.getTime() / REQUEST_WINDOW_MS);
  outbox.job("crm-sync-connection", { workspaceId: input.workspaceId, connectionId: input.connectionId, trigger: input.trigger }, `${input.connectionId}.crm-sync.${input.trigger.toLowerCase()}.${bucket}`);
}

/**
 * "Retry" on a failed or dead lead: its link goes back to PENDING with a fresh attempt budget,
 * and a sync of its connection is requested. Returns false (nothing recorded) when the link is
 * not FAILED or DEAD in this workspace.
 */
export async function retryCrmLink(tx: RawSql, outbox: OutboxWriter, workspaceId: string, linkId: string, now = new Date()): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ connectionId: string }>>`
    UPDATE crm_lead_links SET state = 'PENDING', attempts = 0, "nextAttemptAt" = NULL, "lastError" = NULL, "updatedAt" = ${now}::timestamp(3)
    WHERE id = ${linkId} AND "workspaceId" = ${workspaceId} AND state IN ('FAILED', 'DEAD')
    RETURNING "connectionId"`;
  const link = rows[0];
  if (!link) return false;
  await requestCrmSync(outbox, { workspaceId, connectionId: link.connectionId, trigger: "RETRY" }, now);
  return true;
}
