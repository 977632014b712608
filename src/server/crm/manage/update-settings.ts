import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import { AppError } from "../../infra/errors/app-error";
import type { CrmActor } from "./crm-actor";

export const MIN_SYNC_MINUTES = 5;
export const MAX_SYNC_MINUTES = 1440;

export const crmSettingsInput = z.object({
  connectionId: z.string().trim().min(1).max(100),
  /** Null: follow the workspace's interval. */
  syncMinutes: z.number().int("Whole minutes only").min(MIN_SYNC_MINUTES, `At least ${MIN_SYNC_MINUTES} minutes`).max(MAX_SYNC_MINUTES, "At most 1,440 minutes (a day)").nullable().optional(),
  enabled: z.boolean().optional(),
});

/**
 * A connection's own sync interval and on/off switch. A shorter interval pulls the next run
 * forward (a longer one lets the already planned run happen). Audited with the new values.
 */
export async function updateCrmSettings(actor: CrmActor, input: z.infer<typeof crmSettingsInput>, now = new Date()) {
  return actor.tenant(async (tx) => {
    const current = await tx.crmConnection.findFirst({ where: { id: input.connectionId, workspaceId: actor.workspaceId }, select: { nextSyncAt: true } });
    if (!current) throw new AppError("NOT_FOUND", "CRM connection not found.");
    const data: { syncMinutes?: number | null; enabled?: boolean; nextSyncAt?: Date } = {};
    if (input.syncMinutes !== undefined) {
      data.syncMinutes = input.syncMinutes;
      const soonest = input.syncMinutes === null ? null : new Date(now.getTime() + input.syncMinutes * 60_000);
      if (soonest && current.nextSyncAt && current.nextSyncAt > soonest) data.nextSyncAt = soonest;
    }
    if (input.enabled !== undefined) data.enabled = input.enabled;
    const row = await tx.crmConnection.update({ where: { id: input.connectionId, workspaceId: actor.workspaceId }, data, select: { syncMinutes: true, enabled: true } });
    const metadata: Record<string, number | boolean | null> = {};
    if (input.syncMinutes !== undefined) metadata.syncMinutes = input.syncMinutes;
    if (input.enabled !== undefined) metadata.enabled = input.enabled;
    await recordAudit(tx, actor.workspaceId, { actor: { type: "USER", id: actor.userId }, action: "crm.settings.update", target: { type: "crm_connection", id: input.connectionId }, metadata });
    return row;
  });
}
