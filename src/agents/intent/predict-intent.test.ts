import { describe, expect, it } from "vitest";
import { decide } from "./predict-intent";
import { INTENTS } from "./schema";

const probs = (p: Record<(typeof INTENTS)[number], number>) => INTENTS.map((c) => p[c]);

describe("decide", () => {
  it("calls spam only at or above its threshold; below, the likeliest genuine class wins", () => {
    const leaning = probs({ sales: 0.1, support: 0.3, spam: 0.45, other: 0.15 });
    expect(decide(leaning, 0).intent).toBe("spam");
    expect(decide(leaning, 0.45).intent).toBe("spam");
    const below = decide(leaning, 0.6);
    expect(below).toMatchObject({ intent: "support", confidence: 0.3 });
    expect(below.scores.spam).toBe(0.45); // the scores stay what the model said
  });

  it("leaves a genuine winner alone whatever the threshold", () => {
    expect(decide(probs({ sales: 0.7, support: 0.1, spam: 0.1, other: 0.1 }), 0.9)).toMatchObject({ intent: "sales", confidence: 0.7 });
  });
});
