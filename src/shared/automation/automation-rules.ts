import { z } from "zod";
import type { AgentIntent } from "../vocabulary";
import { isValidTimeZone, TIME_OF_DAY } from "./quiet-hours";

/**
 * The workspace's automation rules (Settings -> Automation), one schema for the form and the
 * server: per intent a mode and an auto-send confidence threshold, per channel optional
 * overrides that may only be stricter, and quiet hours in an IANA time zone during which an
 * auto-send is held back as a draft. Spam is never answered, so it has no rule.
 */
export const AUTOMATION_INTENTS = ["sales", "support", "other"] as const satisfies readonly AgentIntent[];
export type AutomationIntent = (typeof AUTOMATION_INTENTS)[number];

/** auto: sent when every safety rule holds; draft: an AI draft waits for a person; off: no AI draft at all. */
export const AUTOMATION_MODES = ["auto", "draft", "off"] as const;
export type AutomationMode = (typeof AUTOMATION_MODES)[number];

export const MODE_LABELS: Record<AutomationMode, string> = { auto: "Auto-send", draft: "Draft only", off: "Off" };
export const INTENT_LABELS: Record<AutomationIntent, string> = { sales: "Sales", support: "Support", other: "Other" };

/** How permissive a mode is; an override may not rank above the workspace's mode. */
export const MODE_RANK: Record<AutomationMode, number> = { off: 0, draft: 1, auto: 2 };

const threshold = z
  .number({ error: "Threshold must be a number" })
  .min(0.5, "Threshold must be at least 50%")
  .max(1, "Threshold can be at most 100%");

export const intentRuleSchema = z.object({ mode: z.enum(AUTOMATION_MODES, { error: "Choose auto-send, draft only or off" }), threshold });
export type IntentRule = z.infer<typeof intentRuleSchema>;

/** A channel's rule for one intent; without a threshold it keeps the workspace's. */
export const channelRuleSchema = z.object({ mode: z.enum(AUTOMATION_MODES, { error: "Choose auto-send, draft only or off" }), threshold: threshold.optional() });
export type ChannelRule = z.infer<typeof channelRuleSchema>;

const channelOverrideSchema = z.object({
  channelId: z.string().min(1, "Choose a channel").max(100),
  rules: z.object({ sales: channelRuleSchema.optional(), support: channelRuleSchema.optional(), other: channelRuleSchema.optional() }),
});
export type ChannelOverride = z.infer<typeof channelOverrideSchema>;

export const quietHoursSchema = z
  .object({
    enabled: z.boolean(),
    start: z.string().regex(TIME_OF_DAY, "Use a time such as 22:00"),
    end: z.string().regex(TIME_OF_DAY, "Use a time such as 07:00"),
    timeZone: z.string().max(64).refine(isValidTimeZone, "Unknown time zone: choose one from the list (such as Europe/Berlin)"),
  })
  .refine((q) => q.start !== q.end, { message: "Quiet hours need different start and end times", path: ["end"] });
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const automationRulesSchema = z
  .object({
    version: z.literal(1),
    intents: z.object({ sales: intentRuleSchema, support: intentRuleSchema, other: intentRuleSchema }),
    channels: z.array(channelOverrideSchema).max(100, "At most 100 channel overrides"),
    quietHours: quietHoursSchema,
  })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.channels.forEach((override, i) => {
      if (seen.has(override.channelId)) ctx.addIssue({ code: "custom", path: ["channels", i, "channelId"], message: "This channel already has overrides" });
      seen.add(override.channelId);
      for (const intent of AUTOMATION_INTENTS) {
        const own = override.rules[intent];
        const base = rules.intents[intent];
        if (!own) continue;
        if (MODE_RANK[own.mode] > MODE_RANK[base.mode]) {
          ctx.addIssue({ code: "custom", path: ["channels", i, "rules", intent, "mode"], message: `A channel can only be stricter: ${INTENT_LABELS[intent].toLowerCase()} is "${MODE_LABELS[base.mode]}" for the workspace` });
        }
        if (own.threshold !== undefined && own.threshold < base.threshold) {
          ctx.addIssue({ code: "custom", path: ["channels", i, "rules", intent, "threshold"], message: `A channel can only be stricter: its ${INTENT_LABELS[intent].toLowerCase()} threshold must be at least ${Math.round(base.threshold * 100)}%` });
        }
      }
    });
  });
export type AutomationRules = z.infer<typeof automationRulesSchema>;

export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: false, start: "22:00", end: "07:00", timeZone: "UTC" };

/**
 * The rules a workspace had before Settings -> Automation existed: sales and support auto-sent
 * at the workspace threshold (the workspace's "Send replies automatically" switch still governs
 * them), "other" never drafted, no channel overrides, no quiet hours. Used for a workspace that
 * has not saved rules, so nothing changes until an admin does.
 */
export function legacyAutomationRules(autoReplyThreshold: number): AutomationRules {
  return {
    version: 1,
    intents: { sales: { mode: "auto", threshold: autoReplyThreshold }, support: { mode: "auto", threshold: autoReplyThreshold }, other: { mode: "off", threshold: autoReplyThreshold } },
    channels: [],
    quietHours: DEFAULT_QUIET_HOURS,
  };
}
