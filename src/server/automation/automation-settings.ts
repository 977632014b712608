import type { Platform } from "@/generated/prisma/client";
import { Prisma } from "@/generated/prisma/client";
import { AUTOMATION_INTENTS, type AutomationRules } from "@/shared/automation/automation-rules";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../infra/db/tenant";
import { AppError } from "../infra/errors/app-error";
import { readAutomationRules } from "./read-automation-rules";

export type AutomationSettings = {
  rules: AutomationRules;
  /** False until an admin saves: the rules shown are the ones derived from the old threshold. */
  saved: boolean;
  /** The channels an override can name. */
  channels: Array<{ id: string; name: string; platform: Platform; autoReplyEnabled: boolean }>;
};

export async function getAutomationSettings(tx: Tx, workspaceId: string): Promise<AutomationSettings> {
  const [workspace, channels] = await Promise.all([
    tx.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { id: true, automationRules: true, autoReplyThreshold: true } }),
    tx.channel.findMany({ where: { workspaceId }, select: { id: true, name: true, platform: true, autoReplyEnabled: true }, orderBy: { createdAt: "asc" } }),
  ]);
  return { rules: readAutomationRules(workspace), saved: workspace.automationRules !== null, channels };
}

/**
 * Saves the rules (already validated by `automationRulesSchema` at the procedure), after checking
 * that every override names a channel of this workspace, and audits what changed: modes,
 * thresholds, override count and quiet hours (no message content is involved).
 */
export async function saveAutomationRules(tx: Tx, workspaceId: string, userId: string, rules: AutomationRules): Promise<AutomationSettings> {
  const ids = rules.channels.map((c) => c.channelId);
  if (ids.length > 0) {
    const found = await tx.channel.count({ where: { workspaceId, id: { in: ids } } });
    if (found !== new Set(ids).size) throw new AppError("BAD_REQUEST", "A channel override names a channel that is not connected to this workspace. Reload the page and try again.");
  }
  await tx.workspace.update({ where: { id: workspaceId }, data: { automationRules: rules as unknown as Prisma.InputJsonObject } });
  await recordAudit(tx, workspaceId, {
    actor: { type: "USER", id: userId },
    action: "workspace.automation.update",
    target: { type: "workspace", id: workspaceId },
    metadata: {
      intents: Object.fromEntries(AUTOMATION_INTENTS.map((i) => [i, `${rules.intents[i].mode}@${rules.intents[i].threshold}`])),
      channelOverrides: rules.channels.length,
      quietHours: rules.quietHours.enabled ? `${rules.quietHours.start}-${rules.quietHours.end} ${rules.quietHours.timeZone}` : "off",
    },
  });
  return getAutomationSettings(tx, workspaceId);
}
