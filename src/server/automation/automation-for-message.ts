import type { AutomationRules } from "@/shared/automation/automation-rules";
import { resolveAutomation, type ResolvedAutomation } from "@/shared/automation/resolve-rule";
import type { AgentIntent } from "@/shared/vocabulary";
import { readAutomationRules } from "./read-automation-rules";

type StoredWorkspace = { id: string; automationRules: unknown; autoReplyThreshold: number };

// A batch shares one workspace object across its messages: its stored rules are validated once.
const parsed = new WeakMap<StoredWorkspace, AutomationRules>();

/** The automation rule for a message of `intent` in its channel at `at` (Settings -> Automation). */
export function automationFor(ctx: { workspace: StoredWorkspace; channel: { id: string } }, intent: AgentIntent, at: Date): ResolvedAutomation {
  let rules = parsed.get(ctx.workspace);
  if (!rules) {
    rules = readAutomationRules(ctx.workspace);
    parsed.set(ctx.workspace, rules);
  }
  return resolveAutomation(rules, intent, ctx.channel.id, at);
}
