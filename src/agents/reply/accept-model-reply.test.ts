import { describe, expect, it } from "vitest";
import { acceptModelReply } from "./accept-model-reply";
import { SAFE_HANDOFF_REPLY } from "./safe-handoff";
import { KNOWLEDGE } from "../../../tests/helpers/agents/test-knowledge";

const ctx = { knowledge: KNOWLEDGE, customerMessage: "How much is Pro?", platform: "instagram" as const };

describe("acceptModelReply", () => {
  it("accepts a confident, grounded reply and keeps only retrieved article ids", () => {
    const result = acceptModelReply(
      { reply: "Hi [NAME_1]! The Pro plan costs $79 per month.", usedArticleIds: ["kb-pricing", "made-up"], confident: true },
      ctx,
    );
    expect(result).toEqual({
      text: "Hi [NAME_1]! The Pro plan costs $79 per month.",
      handoff: false,
      flags: ["llm"],
      usedArticleIds: ["kb-pricing"],
    });
  });

  it("hands off on invalid output, low confidence or a guardrail violation", () => {
    expect(acceptModelReply({ reply: 42 }, ctx).flags).toEqual(["model-output-invalid"]);
    expect(acceptModelReply({ reply: "Maybe?", usedArticleIds: [], confident: false }, ctx).flags).toEqual([
      "model-not-confident",
    ]);
    const invented = acceptModelReply({ reply: "Pro is $5 today only!", usedArticleIds: [], confident: true }, ctx);
    expect(invented.text).toBe(SAFE_HANDOFF_REPLY);
    expect(invented.flags).toEqual(["llm", "guardrail:price", "guardrail:date"]);
  });
});
