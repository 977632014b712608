import { describe, expect, it } from "vitest";
import { legacyAutomationRules } from "@/shared/automation/automation-rules";
import { addOverride, channelModesFor, fromPercent, removeOverride, setChannelRule, setIntentRule, setQuietHours, toPercent, validateAutomation } from "./automation-draft";

describe("automation form draft", () => {
  it("edits intents, overrides and quiet hours without touching the rest", () => {
    let rules = legacyAutomationRules(0.8);
    rules = setIntentRule(rules, "sales", { mode: "draft" });
    rules = addOverride(addOverride(rules, "ch_1"), "ch_1");
    rules = setChannelRule(rules, "ch_1", "support", { mode: "off" });
    rules = setQuietHours(rules, { enabled: true, timeZone: "Europe/Berlin" });
    expect(rules.intents.sales).toEqual({ mode: "draft", threshold: 0.8 });
    expect(rules.intents.support).toEqual({ mode: "auto", threshold: 0.8 });
    expect(rules.channels).toEqual([{ channelId: "ch_1", rules: { support: { mode: "off" } } }]);
    expect(validateAutomation(rules)).toEqual({ ok: true, rules });
    expect(setChannelRule(rules, "ch_1", "support", undefined).channels).toEqual([{ channelId: "ch_1", rules: {} }]);
    expect(removeOverride(rules, "ch_1").channels).toEqual([]);
  });

  it("offers a channel only the workspace's mode or stricter ones", () => {
    expect(channelModesFor("auto")).toEqual(["auto", "draft", "off"]);
    expect(channelModesFor("draft")).toEqual(["draft", "off"]);
    expect(channelModesFor("off")).toEqual(["off"]);
  });

  it("reports the schema's messages by field, as the server would refuse them", () => {
    const rules = setQuietHours(setIntentRule(legacyAutomationRules(0.8), "support", { threshold: fromPercent("") }), { enabled: true, timeZone: "Nowhere/Special" });
    const result = validateAutomation(rules);
    expect(result).toEqual({
      ok: false,
      errors: { "intents.support.threshold": "Threshold must be a number", "quietHours.timeZone": "Unknown time zone: choose one from the list (such as Europe/Berlin)" },
    });
  });

  it("shows thresholds as whole percents", () => {
    expect(toPercent(0.755)).toBe("76");
    expect(toPercent(undefined)).toBe("");
    expect(fromPercent("85")).toBe(0.85);
    expect(Number.isNaN(fromPercent(" "))).toBe(true);
  });
});
