import { describe, expect, it } from "vitest";
import { toDraft, toInput, type Settings } from "./settings-draft";

const settings = {
  id: "ws1", name: "Demo Coffee Co.", slug: "demo-coffee-co", toneGuidelines: "Warm.", autoReplyEnabled: true, autoReplyThreshold: 0.75,
  autoReplyComplaints: false, retentionDays: 90, monthlyAiBudgetUsd: null, crmSyncMinutes: 15,
} satisfies Settings;

describe("settings draft", () => {
  it("round-trips the editable settings", () => {
    expect(toInput(toDraft(settings))).toMatchObject({ name: "Demo Coffee Co.", autoReplyEnabled: true, retentionDays: 90, monthlyAiBudgetUsd: null });
  });

  it("leaves the auto-send threshold to Settings -> Automation", () => {
    expect(toInput(toDraft(settings))).not.toHaveProperty("autoReplyThreshold");
  });

  it("shows and saves the workspace's CRM sync interval", () => {
    expect(toDraft(settings).crmSyncMinutes).toBe("15");
    expect(toInput({ ...toDraft(settings), crmSyncMinutes: "60" }).crmSyncMinutes).toBe(60);
  });

  it("sends a half-typed interval as typed, for the server to refuse by field", () => {
    expect(toInput({ ...toDraft(settings), crmSyncMinutes: "" }).crmSyncMinutes).toBe(0);
    expect(toInput({ ...toDraft(settings), crmSyncMinutes: "2.5" }).crmSyncMinutes).toBe(2.5);
  });
});
