import { describe, expect, it } from "vitest";
import { extractFeatures, FEATURE_NAMES, formatCount } from "./extract-features";
import { lead } from "../../../tests/helpers/agents/test-leads";

const keys = (text: string, intent: "sales" | "support" = "sales") =>
  extractFeatures(lead({ text, intent })).signals.map((s) => s.key);

describe("extractFeatures", () => {
  it("detects buying signals, urgency, budget and team size", () => {
    expect(keys("How much is the enterprise plan? We need it ASAP, budget $5k, team of 25. Can we book a demo?")).toEqual(
      ["pricing", "demo", "plan", "urgent", "budget", "team-size"],
    );
    expect(extractFeatures(lead({ text: "It's for 40 employees" })).signals).toContainEqual({
      key: "team-size",
      label: "team of 40",
    });
    expect(keys("I'd like to order two of these, are they in stock?")).toContain("purchase");
  });

  it("detects cues in other languages", () => {
    expect(keys("¿Cuánto cuesta? Es urgente, somos un equipo de 8")).toEqual(["pricing", "urgent", "team-size"]);
    expect(keys("Quel est le prix ? C'est urgent")).toEqual(["pricing", "urgent"]);
    expect(keys("Was kostet das? Wir wollen bestellen, dringend!")).toEqual(["pricing", "purchase", "urgent"]);
  });

  it("names order details: ready to buy, bulk, visit, quantity, date, pre-sales questions", () => {
    const labels = (text: string) => extractFeatures(lead({ text })).signals.map((s) => s.label);
    expect(labels("I'll take it, can I pick it up Saturday?")).toEqual(["ready to buy now", "asks to pick up Saturday", "for Saturday", "asked a question"]);
    expect(labels("We need 500 business cards by next Thursday")).toEqual(["bulk order: 500 business cards", "for next Thursday"]);
    expect(labels("can I get 2 bags?")).toEqual(["wants 2 bags", "asked a question"]);
    expect(labels("Vous livrez à Lyon ?")).toEqual(["asked about delivery"]);
    expect(extractFeatures(lead({ text: "can I pick up 2 bags today?" })).stage).toBe("commit");
    expect(extractFeatures(lead({ text: "do you have decaf?" })).stage).toBe("pre-sales");
    expect(extractFeatures(lead({ text: "can I pick up 2 bags today? this is terrible" })).stage).toBe("none");
  });

  it("does not count a date without a buying signal", () => {
    expect(extractFeatures(lead({ text: "great talk at the conference on Saturday!" })).named.date).toBe(0);
  });

  it("does not read a support complaint about 'my order' as a purchase", () => {
    expect(keys("My order hasn't arrived, this is terrible", "support")).toEqual(["negative"]);
  });

  it("turns profile and history into signals", () => {
    const { signals } = extractFeatures(
      lead({
        profile: { followers: 12_400, verified: true },
        history: { previousMessages: 3, daysSinceFirstContact: 60, daysSinceLastContact: 45, businessReplies: 2, contactRepliesAfterBusiness: 0 },
      }),
    );
    expect(signals.map((s) => s.label)).toEqual([
      "12.4k followers",
      "verified account",
      "repeat contact (3 earlier messages)",
      "did not answer our replies",
      "no contact for 45 days",
    ]);
  });

  it("returns one value in [0, 1] per feature name", () => {
    const { vector, named } = extractFeatures(
      lead({
        text: "price? ".repeat(200),
        confidence: 7,
        profile: { followers: 5e9, verified: true },
        history: { previousMessages: 99, daysSinceFirstContact: 9999, daysSinceLastContact: 0, businessReplies: 1, contactRepliesAfterBusiness: 4 },
      }),
    );
    expect(vector).toHaveLength(FEATURE_NAMES.length);
    for (const v of vector) expect(v >= 0 && v <= 1).toBe(true);
    expect(named.confidence).toBe(1);
  });

  it("formats follower counts", () => {
    expect([950, 1_000, 12_000, 12_400, 250_000, 1_250_000].map(formatCount)).toEqual([
      "950", "1k", "12k", "12.4k", "250k", "1.3M",
    ]);
  });
});
