import { describe, expect, it } from "vitest";
import { lead } from "../../../../tests/helpers/agents/test-leads";
import { trainScorer, type TrainingExample } from "./train-scorer";

/** Won iff the lead asked for pricing and a demo; everything else varies at random. */
function toySet(n: number): TrainingExample[] {
  return Array.from({ length: n }, (_, i) => {
    const won = i % 2 === 0;
    return {
      won,
      input: lead({
        intent: won ? "sales" : i % 3 === 0 ? "other" : "support",
        text: won ? "How much is it? Can we book a demo?" : "Thanks, my login is broken",
        profile: { followers: (i * 7919) % 50_000 },
        history: { previousMessages: i % 4, businessReplies: i % 3, contactRepliesAfterBusiness: i % 2 },
      }),
    };
  });
}

describe("trainScorer", () => {
  it("learns a separable toy set (held-out AUC > 0.9)", () => {
    const result = trainScorer(toySet(80), { trainedOn: "toy" });
    if ("skipped" in result) throw new Error(result.reason);
    expect(result.metrics.auc).toBeGreaterThan(0.9);
    expect(result.metrics.accuracy).toBeGreaterThan(0.9);
    expect(result.metrics.n).toBe(80);
    expect(result.metrics.heldOut).toBe(20);
    expect(result.model.n).toBe(80);
    expect(result.model.trainedOn).toBe("toy");
  });

  it("refuses sets that are too small or one-sided", () => {
    expect(trainScorer(toySet(29))).toEqual({ skipped: true, reason: "need at least 30 marked leads, have 29" });
    const oneSided = toySet(60).map((e, i) => ({ ...e, won: i < 9 }));
    const result = trainScorer(oneSided);
    expect(result).toMatchObject({ skipped: true });
    expect("skipped" in result && result.reason).toMatch(/9 won and 51 lost/);
  });

  it("is reproducible for a seed", () => {
    expect(trainScorer(toySet(60), { seed: 3 })).toEqual(trainScorer(toySet(60), { seed: 3 }));
  });
});
