import { describe, expect, it } from "vitest";
import { toDraft, toInput, type Settings } from "./settings-draft";

const settings = {
  id: "ws1", name: "Demo Coffee Co.", slug: "demo-coffee-co", toneGuidelines: "Warm.", autoReplyEnabled: true, autoReplyThreshold: 0.75,
  autoReplyComplaints: false, retentionDays: 90, monthlyAiBudgetUsd: null, crmSyncMinutes: 15,
} satisfies Settings;

describe("settings draft", () => {
  it("round-trips the editable settings", () => {
    expect(toInput(toDraft(settings))).toMatchObject({ name: "Demo Coffee Co.", autoReplyThreshold: 0.75, retentionDays: 90, monthlyAiBudgetUsd: null });
  });

  it("neither shows nor saves the CRM sync interval while no CRM can be connected", () => {
    expect(toDraft(settings)).not.toHaveProperty("crmSyncMinutes");
    expect(toInput(toDraft(settings))).not.toHaveProperty("crmSyncMinutes");
  });
});
