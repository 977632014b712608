import type { AgentIntent } from "../vocabulary";
import { AUTOMATION_INTENTS, MODE_RANK, type AutomationIntent, type AutomationMode, type AutomationRules } from "./automation-rules";
import { describeQuietHours, isWithinQuietHours } from "./quiet-hours";

/** The rule that applies to one message. */
export type ResolvedAutomation = {
  intent: AgentIntent;
  mode: AutomationMode;
  /** Calibrated intent confidence needed for an auto-send. */
  threshold: number;
  /** Where the mode or threshold came from: a channel override or the workspace rule. */
  source: "workspace" | "channel";
  /** The quiet-hours window when `at` falls inside it (an auto-send is then held as a draft), else null. */
  quietHours: string | null;
};

const isAutomationIntent = (intent: AgentIntent): intent is AutomationIntent => (AUTOMATION_INTENTS as readonly string[]).includes(intent);

/**
 * The rule for a message of `intent` on `channelId` at `at`. Spam is always "off". A channel
 * override is applied as the stricter of it and the workspace rule (the schema already refuses
 * a looser one; this holds for stored rules saved before a workspace rule was tightened, too).
 */
export function resolveAutomation(rules: AutomationRules, intent: AgentIntent, channelId: string, at: Date): ResolvedAutomation {
  const quietHours = rules.quietHours.enabled && isWithinQuietHours(rules.quietHours, at) ? describeQuietHours(rules.quietHours) : null;
  if (!isAutomationIntent(intent)) return { intent, mode: "off", threshold: 1, source: "workspace", quietHours };
  const base = rules.intents[intent];
  const own = rules.channels.find((c) => c.channelId === channelId)?.rules[intent];
  if (!own) return { intent, ...base, source: "workspace", quietHours };
  const mode = MODE_RANK[own.mode] < MODE_RANK[base.mode] ? own.mode : base.mode;
  const threshold = Math.max(base.threshold, own.threshold ?? base.threshold);
  const source = mode !== base.mode || threshold !== base.threshold ? "channel" : "workspace";
  return { intent, mode, threshold, source, quietHours };
}
