import { describe, expect, it } from "vitest";
import { describeReplyFlags } from "./describe-reply";

describe("describeReplyFlags", () => {
  it("separates the reason for a draft, guardrails and notes", () => {
    expect(describeReplyFlags(["local-extractive", "guardrail:price", "draft: auto-reply is off for this workspace", "something-new"])).toEqual([
      { kind: "note", text: "Taken from the knowledge base" },
      { kind: "guardrail", text: "Guardrail: a price not in the knowledge base" },
      { kind: "draft-reason", text: "auto-reply is off for this workspace" },
      { kind: "note", text: "something-new" },
    ]);
  });

  it("keeps an unknown guardrail kind readable", () => {
    expect(describeReplyFlags(["guardrail:tone"])).toEqual([{ kind: "guardrail", text: "Guardrail: tone" }]);
  });
});
