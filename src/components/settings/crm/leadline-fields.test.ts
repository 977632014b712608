import { describe, expect, it } from "vitest";
import { LEADLINE_FIELDS } from "@/server/crm/crm-connector";
import { doubledProperties, fromMappingDraft, LEADLINE_FIELD_NAMES, toMappingDraft } from "./leadline-fields";

describe("the mapping editor's Leadline fields", () => {
  it("are the server's, in its order", () => {
    expect(LEADLINE_FIELD_NAMES).toEqual([...LEADLINE_FIELDS]);
  });

  it("round-trip a mapping; fields not sent are left out; unknown keys are dropped", () => {
    const draft = toMappingDraft({ name: "firstname", score: "leadline_score", bogus: "x" });
    expect(draft.email).toBe("");
    expect(fromMappingDraft(draft)).toEqual({ name: "firstname", score: "leadline_score" });
  });

  it("finds a property filled twice, case-insensitively", () => {
    expect([...doubledProperties(toMappingDraft({ name: "Email", email: "email", phone: "phone" }))]).toEqual(["email"]);
    expect(doubledProperties(toMappingDraft({ name: "a", email: "b" })).size).toBe(0);
  });
});
