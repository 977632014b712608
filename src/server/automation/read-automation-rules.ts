import { automationRulesSchema, legacyAutomationRules, type AutomationRules } from "@/shared/automation/automation-rules";
import { logger } from "../infra/logger";

/**
 * A workspace's automation rules from its stored column: the saved document, or (never saved,
 * or a document that no longer validates) the rules derived from `autoReplyThreshold`, which
 * are what the workspace had before Settings -> Automation existed.
 */
export function readAutomationRules(workspace: { id: string; automationRules: unknown; autoReplyThreshold: number }): AutomationRules {
  if (workspace.automationRules === null || workspace.automationRules === undefined) return legacyAutomationRules(workspace.autoReplyThreshold);
  const parsed = automationRulesSchema.safeParse(workspace.automationRules);
  if (parsed.success) return parsed.data;
  logger.warn({ component: "automation", workspaceId: workspace.id, issues: parsed.error.issues.map((i) => i.path.join(".")) }, "stored automation rules invalid: legacy rules used");
  return legacyAutomationRules(workspace.autoReplyThreshold);
}
