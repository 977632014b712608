import {
  AUTOMATION_MODES,
  automationRulesSchema,
  MODE_RANK,
  type AutomationIntent,
  type AutomationMode,
  type AutomationRules,
  type ChannelRule,
  type IntentRule,
  type QuietHours,
} from "@/shared/automation/automation-rules";

/** Problems by field path ("intents.sales.threshold"), from the same schema the server uses. */
export type AutomationErrors = Record<string, string>;

export function validateAutomation(rules: AutomationRules): { ok: true; rules: AutomationRules } | { ok: false; errors: AutomationErrors } {
  const parsed = automationRulesSchema.safeParse(rules);
  if (parsed.success) return { ok: true, rules: parsed.data };
  const errors: AutomationErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path.join(".")] ??= issue.message;
  return { ok: false, errors };
}

/** A threshold as the form shows it (whole percent), and back; a blank or half-typed value stays NaN for the schema to refuse. */
export const toPercent = (threshold: number | undefined) => (threshold === undefined || Number.isNaN(threshold) ? "" : String(Math.round(threshold * 100)));
export const fromPercent = (text: string) => (text.trim() === "" ? Number.NaN : Number(text) / 100);

export function setIntentRule(rules: AutomationRules, intent: AutomationIntent, patch: Partial<IntentRule>): AutomationRules {
  return { ...rules, intents: { ...rules.intents, [intent]: { ...rules.intents[intent], ...patch } } };
}

export function setQuietHours(rules: AutomationRules, patch: Partial<QuietHours>): AutomationRules {
  return { ...rules, quietHours: { ...rules.quietHours, ...patch } };
}

/** The modes a channel may choose for an intent: the workspace's or stricter. */
export function channelModesFor(base: AutomationMode): AutomationMode[] {
  return AUTOMATION_MODES.filter((m) => MODE_RANK[m] <= MODE_RANK[base]);
}

export function addOverride(rules: AutomationRules, channelId: string): AutomationRules {
  if (rules.channels.some((c) => c.channelId === channelId)) return rules;
  return { ...rules, channels: [...rules.channels, { channelId, rules: {} }] };
}

export function removeOverride(rules: AutomationRules, channelId: string): AutomationRules {
  return { ...rules, channels: rules.channels.filter((c) => c.channelId !== channelId) };
}

/** Sets (or with undefined, clears: "same as workspace") one channel's rule for one intent. */
export function setChannelRule(rules: AutomationRules, channelId: string, intent: AutomationIntent, rule: ChannelRule | undefined): AutomationRules {
  return {
    ...rules,
    channels: rules.channels.map((c) => {
      if (c.channelId !== channelId) return c;
      const next = { ...c.rules };
      if (rule) next[intent] = rule;
      else delete next[intent];
      return { ...c, rules: next };
    }),
  };
}
