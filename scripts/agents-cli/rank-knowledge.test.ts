import { describe, expect, it } from "vitest";
import { DEMO_ARTICLES } from "@/server/demo/demo-content";
import { rankKnowledge } from "./rank-knowledge";

const articles = DEMO_ARTICLES.map((a, i) => ({ id: `a${i}`, title: a.title, body: a.body }));

describe("rankKnowledge", () => {
  it("puts the article sharing most of the message's terms (synonyms included) first, at most three", () => {
    const ranked = rankKnowledge("How long does delivery to Canada take?", articles);
    expect(ranked[0]?.title).toBe("Shipping");
    expect(ranked.length).toBeLessThanOrEqual(3);
    expect(ranked[0]!.rank).toBeGreaterThan(0);
    expect(rankKnowledge("how much is the Pro plan", articles)[0]?.title).toBe("Subscription plans and pricing");
  });

  it("returns nothing when no article shares a term, or the message has no content words", () => {
    expect(rankKnowledge("what is the meaning of life", articles)).toEqual([]);
    expect(rankKnowledge("[EMAIL_1] ?!", articles)).toEqual([]);
  });
});
