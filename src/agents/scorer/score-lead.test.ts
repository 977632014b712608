import { describe, expect, it } from "vitest";
import { scoreLead, tierFor } from "./score-lead";
import { generateSyntheticOutcomes } from "./training/synthetic-outcomes";
import { lead } from "../../../tests/helpers/agents/test-leads";

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
    const synthetic = generateSyntheticOutcomes(400, 11).filter((e) => e.input.intent === "spam");
    for (const { input } of synthetic.filter((e) => e.input.confidence >= 0.8)) {
      const result = scoreLead(input);
      expect(result.tier).toBe("cold");
      expect(result.score).toBeLessThanOrEqual(5);
    }
    // Uncertain spam is never hot, and without buying intent still cold.
    for (const { input } of synthetic) expect(scoreLead(input).tier).not.toBe("hot");
    expect(scoreLead(lead({ intent: "spam", confidence: 0.5, text: "follow me for followers" })).tier).toBe("cold");
    expect(scoreLead(lead({ intent: "spam", confidence: 0.6, text: "Buy 1000 followers today, order now!" })).tier).toBe("cold");
  });

  it("keeps a buyer the classifier was unsure was spam as warm, tagged possible-spam", () => {
    const result = scoreLead(lead({ intent: "spam", confidence: 0.49, text: "wir brauchen Catering für 50 Personen am 12. Dezember" }));
    expect(result.tier).toBe("warm");
    expect(result.tags[0]).toBe("possible-spam");
    expect(result.reason).toMatch(/^Possibly spam: /);
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
    const input = lead({ text: "Hi there" });
    const pessimist = { version: 1 as const, featureNames: ["intent_sales"], weights: [0], bias: -20, trainedOn: "test", n: 0 };
    const optimist = { ...pessimist, bias: 20 };
    expect(scoreLead(input, optimist).score - scoreLead(input, pessimist).score).toBe(50);
    // The buying stage bounds what any model can do: a pricing question stays at least warm.
    expect(scoreLead(lead({ text: "What are your prices?" }), pessimist).tier).toBe("warm");
    expect(scoreLead(lead({ text: "Can I pick up 2 bags today?" }), pessimist).tier).toBe("hot");
  });
});

describe("scoreLead: buying stage", () => {
  const tierOf = (text: string, intent: "sales" | "support" | "other" = "sales", confidence = 0.7) =>
    scoreLead(lead({ text, intent, confidence }));

  it("rates bulk and wholesale orders hot with a reason naming the quantity", () => {
    const bulk = tierOf("need 200 units of the house blend for our cafés");
    expect(bulk.tier).toBe("hot");
    expect(bulk.reason).toMatch(/^Bulk order: 200 units/);
    expect(bulk.tags).toContain("bulk-order");
    const wholesale = tierOf("wholesale pricing for 3 stores?");
    expect(wholesale.tier).toBe("hot");
    expect(wholesale.reason).toBe("Wholesale inquiry, asked for pricing, 3 locations");
    expect(tierOf("Wir möchten 40 kg Bohnen für unser Café bestellen").tier).toBe("hot");
  });

  it("rates visits and pick-ups hot, even when the classifier is unsure", () => {
    const pickup = tierOf("can I pick up 2 bags this afternoon?", "other", 0.5);
    expect(pickup.tier).toBe("hot");
    expect(pickup.reason).toBe("Asks to pick up this afternoon, wants 2 bags, asked a question");
    expect(tierOf("coming in today to grab a bag of the ethiopian").reason).toMatch(/^Asks to pick up today/);
    expect(tierOf("Je passe samedi chercher la commande de 3 pains").tier).toBe("hot");
  });

  it("rates an explicit purchase with a date, a headcount or a pay request hot", () => {
    expect(tierOf("I'd like to order a birthday cake for Saturday").tier).toBe("hot");
    expect(tierOf("table for 6 tonight?").tier).toBe("hot");
    expect(tierOf("sold! how do I pay?").reason).toMatch(/^Ready to buy now/);
  });

  it("rates plain pre-sales questions warm, in several languages", () => {
    for (const text of ["do you have decaf?", "how much is the grinder?", "do you ship to Germany?", "¿Tienen envío a Chile?", "Vous livrez à Lyon ?", "Habt ihr glutenfreies Brot?", "Quanto custa o kit?"]) {
      expect(tierOf(text).tier, text).toBe("warm");
    }
    expect(tierOf("do you have decaf?").reason).toBe("Asked about availability");
  });

  it("keeps complaints, support-only messages and job or collab pitches cold", () => {
    for (const [text, intent] of [
      ["the cake I picked up yesterday was dry, really disappointed", "support"],
      ["Mi pedido no ha llegado todavía", "support"],
      ["How do I reset my password? need it today", "support"],
      ["Invoices failed for 25 employees this morning, need this fixed urgently", "support"],
      ["I want this fixed today", "other"],
      ["Can you send me the invoice for my last order?", "support"],
      ["Saw you're hiring, I'd like to apply. Can I drop off my CV?", "other"],
      ["would love to collaborate: free product in exchange for a post?", "other"],
      ["Wow 200 likes already, congrats!", "other"],
      ["I drink like 4 cups a day", "other"],
    ] as const) {
      expect(tierOf(text, intent).tier, text).toBe("cold");
    }
  });
});
