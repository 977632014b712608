import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";

/** The inbox's workspace settings (only auto-assignment for now). */
export async function getInboxSettings(tx: Tx, workspaceId: string): Promise<{ autoAssign: boolean }> {
  const w = await tx.workspace.findFirst({ where: { id: workspaceId }, select: { inboxAutoAssign: true } });
  if (!w) throw new AppError("NOT_FOUND", "Workspace not found.");
  return { autoAssign: w.inboxAutoAssign };
}

/** Turns auto-assignment of new conversations on or off (admins; audited). */
export async function setInboxAutoAssign(tx: Tx, actor: { workspaceId: string; userId: string }, enabled: boolean): Promise<{ autoAssign: boolean }> {
  const { count } = await tx.workspace.updateMany({ where: { id: actor.workspaceId }, data: { inboxAutoAssign: enabled } });
  if (count === 0) throw new AppError("NOT_FOUND", "Workspace not found.");
  await recordAudit(tx, actor.workspaceId, {
    actor: { type: "USER", id: actor.userId }, action: "workspace.settings.update", target: { type: "workspace", id: actor.workspaceId },
    metadata: { changed: ["inboxAutoAssign"], inboxAutoAssign: enabled },
  });
  return { autoAssign: enabled };
}
