import { describe, expect, it } from "vitest";
import { scoreLead, tierFor } from "./score-lead";
import { generateSyntheticOutcomes } from "./synthetic-outcomes";
import { lead } from "./test-leads";

describe("scoreLead", () => {
  it("rates a clear buyer hot and names the signals", () => {
    const result = scoreLead(
      lead({ text: "How much is the pro plan? We need it asap.", profile: { followers: 12_000 } }),
    );
    expect(result.tier).toBe("hot");
    expect(result.score).toBeGreaterThanOrEqual(70);
    expect(result.reason).toBe("Asked for pricing, urgent timeline, 12k followers");
    expect(result.tags).toEqual(expect.arrayContaining(["pricing", "urgent", "influencer"]));
  });

  it("rates a plain pricing question warm and small talk cold", () => {
    expect(scoreLead(lead({ text: "What are your prices?" })).tier).toBe("warm");
    const cold = scoreLead(lead({ intent: "other", confidence: 0.7, text: "love your posts!" }));
    expect(cold.tier).toBe("cold");
    expect(cold.reason).toBe("General message, no buying signals");
  });

  it("tags demo requests, verified and repeat contacts", () => {
    const result = scoreLead(
      lead({
        text: "Can we book a demo?",
        profile: { verified: true },
        history: { previousMessages: 2, daysSinceFirstContact: 10, daysSinceLastContact: 2, businessReplies: 1, contactRepliesAfterBusiness: 1 },
      }),
    );
    expect(result.tags).toEqual(["demo-request", "verified", "repeat-contact", "engaged"]);
    expect(result.tier).toBe("hot");
  });

  it("keeps spam cold, whatever else it says", () => {
    const spam = scoreLead(
      lead({
        intent: "spam",
        text: "BUY NOW best price, urgent, book a demo, budget $10k, team of 500",
        profile: { followers: 5_000_000, verified: true },
        history: { previousMessages: 9, businessReplies: 3, contactRepliesAfterBusiness: 3 },
      }),
    );
    expect(spam).toEqual({ tier: "cold", score: 5, reason: "Classified as spam", tags: ["spam"] });
    for (const { input } of generateSyntheticOutcomes(400, 11).filter((e) => e.input.intent === "spam")) {
      const result = scoreLead(input);
      expect(result.tier).toBe("cold");
      expect(result.score).toBeLessThanOrEqual(5);
    }
  });

  it("caps support at warm unless it carries a strong buying signal", () => {
    const support = scoreLead(
      lead({
        intent: "support",
        text: "I can't log in, please help today",
        profile: { followers: 900_000, verified: true },
        history: { previousMessages: 5, daysSinceFirstContact: 300, daysSinceLastContact: 1, businessReplies: 4, contactRepliesAfterBusiness: 4 },
      }),
    );
    expect(support.score).toBeLessThanOrEqual(69);
    expect(support.tier).not.toBe("hot");
    expect(support.tags.slice(0, 2)).toEqual(["support", "existing-customer"]);
    expect(support.reason).toMatch(/^Support request, /);

    const upsell = scoreLead(
      lead({ intent: "support", text: "How much to upgrade to the enterprise plan for 40 seats? Need it asap." }),
    );
    expect(upsell.tier).toBe("hot");
    expect(upsell.tags).toContain("existing-customer");
  });

  it("explains a cold lead by what holds it back", () => {
    const result = scoreLead(
      lead({
        intent: "other",
        text: "ok",
        history: { previousMessages: 3, daysSinceFirstContact: 200, daysSinceLastContact: 90, businessReplies: 3, contactRepliesAfterBusiness: 0 },
      }),
    );
    expect(result.tier).toBe("cold");
    expect(result.reason).toMatch(/^Did not answer our replies, no contact for 90 days/);
  });

  it("always returns an integer score within 0-100 and a matching tier", () => {
    for (const { input } of generateSyntheticOutcomes(500, 99)) {
      const { score, tier, reason } = scoreLead(input);
      expect(Number.isInteger(score)).toBe(true);
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(tier).toBe(tierFor(score));
      expect(reason.length).toBeGreaterThan(0);
    }
  });

  it("uses the model it is given", () => {
    const input = lead({ text: "What are your prices?" });
    const pessimist = { version: 1 as const, featureNames: ["intent_sales"], weights: [0], bias: -20, trainedOn: "test", n: 0 };
    const optimist = { ...pessimist, bias: 20 };
    expect(scoreLead(input, optimist).score - scoreLead(input, pessimist).score).toBe(50);
  });
});
