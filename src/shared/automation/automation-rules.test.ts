import { describe, expect, it } from "vitest";
import { automationRulesSchema, legacyAutomationRules, type AutomationRules } from "./automation-rules";
import { resolveAutomation } from "./resolve-rule";

const base = (): AutomationRules => ({
  version: 1,
  intents: { sales: { mode: "auto", threshold: 0.8 }, support: { mode: "draft", threshold: 0.7 }, other: { mode: "off", threshold: 0.9 } },
  channels: [],
  quietHours: { enabled: false, start: "22:00", end: "07:00", timeZone: "UTC" },
});

const messages = (rules: unknown) => {
  const parsed = automationRulesSchema.safeParse(rules);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

const noon = new Date("2026-06-10T12:00:00Z");

describe("automationRulesSchema", () => {
  it("accepts the rules a workspace had before (legacy) and a complete document", () => {
    expect(messages(legacyAutomationRules(0.75))).toEqual([]);
    expect(messages({ ...base(), channels: [{ channelId: "ch_1", rules: { sales: { mode: "draft" } } }], quietHours: { enabled: true, start: "22:00", end: "07:00", timeZone: "Europe/Berlin" } })).toEqual([]);
  });

  it("refuses a bad time zone, equal start and end, and malformed times with clear messages", () => {
    expect(messages({ ...base(), quietHours: { enabled: true, start: "22:00", end: "07:00", timeZone: "Europe/Atlantis" } })).toEqual([
      "quietHours.timeZone: Unknown time zone: choose one from the list (such as Europe/Berlin)",
    ]);
    expect(messages({ ...base(), quietHours: { enabled: true, start: "07:00", end: "07:00", timeZone: "UTC" } })).toEqual(["quietHours.end: Quiet hours need different start and end times"]);
    expect(messages({ ...base(), quietHours: { enabled: true, start: "24:00", end: "7:00", timeZone: "UTC" } })).toEqual([
      "quietHours.start: Use a time such as 22:00",
      "quietHours.end: Use a time such as 07:00",
    ]);
  });

  it("refuses thresholds outside 50-100% and unknown modes", () => {
    const rules = base();
    expect(messages({ ...rules, intents: { ...rules.intents, sales: { mode: "auto", threshold: 0.3 } } })).toEqual(["intents.sales.threshold: Threshold must be at least 50%"]);
    expect(messages({ ...rules, intents: { ...rules.intents, support: { mode: "always", threshold: 0.8 } } })).toEqual(["intents.support.mode: Choose auto-send, draft only or off"]);
    expect(messages({ ...rules, intents: { sales: rules.intents.sales, support: rules.intents.support } })[0]).toMatch(/^intents\.other/);
  });

  it("lets a channel only be stricter than the workspace rule", () => {
    const looser = { ...base(), channels: [{ channelId: "ch_1", rules: { support: { mode: "auto" }, sales: { mode: "auto", threshold: 0.6 } } }] };
    expect(messages(looser)).toEqual([
      "channels.0.rules.sales.threshold: A channel can only be stricter: its sales threshold must be at least 80%",
      'channels.0.rules.support.mode: A channel can only be stricter: support is "Draft only" for the workspace',
    ]);
    const twice = { ...base(), channels: [{ channelId: "ch_1", rules: {} }, { channelId: "ch_1", rules: {} }] };
    expect(messages(twice)).toEqual(["channels.1.channelId: This channel already has overrides"]);
  });
});

describe("resolveAutomation", () => {
  it("applies each intent's own mode and threshold, and never answers spam", () => {
    const rules = base();
    expect(resolveAutomation(rules, "sales", "ch_1", noon)).toEqual({ intent: "sales", mode: "auto", threshold: 0.8, source: "workspace", quietHours: null });
    expect(resolveAutomation(rules, "support", "ch_1", noon)).toMatchObject({ mode: "draft", threshold: 0.7 });
    expect(resolveAutomation(rules, "other", "ch_1", noon)).toMatchObject({ mode: "off" });
    expect(resolveAutomation(rules, "spam", "ch_1", noon)).toMatchObject({ mode: "off" });
  });

  it("reproduces the old behaviour from the legacy threshold", () => {
    const legacy = legacyAutomationRules(0.75);
    expect(resolveAutomation(legacy, "sales", "any", noon)).toMatchObject({ mode: "auto", threshold: 0.75 });
    expect(resolveAutomation(legacy, "support", "any", noon)).toMatchObject({ mode: "auto", threshold: 0.75 });
    expect(resolveAutomation(legacy, "other", "any", noon)).toMatchObject({ mode: "off" });
  });

  it("applies a channel's stricter override on that channel only", () => {
    const rules = { ...base(), channels: [{ channelId: "ch_strict", rules: { sales: { mode: "auto" as const, threshold: 0.95 }, support: { mode: "off" as const } } }] };
    expect(resolveAutomation(rules, "sales", "ch_strict", noon)).toMatchObject({ mode: "auto", threshold: 0.95, source: "channel" });
    expect(resolveAutomation(rules, "support", "ch_strict", noon)).toMatchObject({ mode: "off", threshold: 0.7, source: "channel" });
    expect(resolveAutomation(rules, "sales", "ch_other", noon)).toMatchObject({ mode: "auto", threshold: 0.8, source: "workspace" });
  });

  it("never lets a stored override loosen the workspace rule (saved before the workspace rule was tightened)", () => {
    const rules = { ...base(), channels: [{ channelId: "ch_1", rules: { support: { mode: "auto" as const, threshold: 0.5 } } }] };
    expect(resolveAutomation(rules, "support", "ch_1", noon)).toMatchObject({ mode: "draft", threshold: 0.7, source: "workspace" });
  });

  it("flags quiet hours only when they are on and the time falls inside them", () => {
    const quiet = { ...base(), quietHours: { enabled: true, start: "22:00", end: "07:00", timeZone: "Europe/Berlin" } };
    expect(resolveAutomation(quiet, "sales", "ch", new Date("2026-03-29T04:30:00Z")).quietHours).toBe("22:00–07:00 Europe/Berlin");
    expect(resolveAutomation(quiet, "sales", "ch", new Date("2026-03-29T05:30:00Z")).quietHours).toBeNull();
    expect(resolveAutomation({ ...quiet, quietHours: { ...quiet.quietHours, enabled: false } }, "sales", "ch", new Date("2026-03-29T04:30:00Z")).quietHours).toBeNull();
  });
});
