import { describe, expect, it } from "vitest";
import type { Intent } from "@/agents/intent/schema";
import { scoreLead } from "./score-lead";
import { lead } from "../../../tests/helpers/agents/test-leads";
import type { ScoreInput } from "./types";

/**
 * Property: a stronger buying signal never lowers the score. Every base message, with every
 * intent, profile and history below, is scored before and after a buying signal is added
 * (appended, or a quantity put into the sentence); the score must not drop.
 */
const BASES = [
  "", "hi", "love this ❤️", "do you have decaf?", "how much is the grinder?", "What are your prices?",
  "Can we book a demo?", "Is it still available?", "my order hasn't arrived yet", "the app keeps crashing, please help",
  "I'd like to order the house blend", "We're a team of 12, is there an enterprise plan?", "need it asap", "thanks for the quick reply!",
  "¿Cuánto cuesta el kilo?", "Vous livrez à Lyon ?", "Was kostet das?", "Olá, vocês entregam no Porto?", "interested 👀",
  "Is the blue one in stock? budget is $200", "coming in today", "Do you do wholesale?",
];
const ADDITIONS = [
  "I want to buy it.", "I'd like to order 20.", "Can I pick it up today?", "I'll come in on Saturday.", "We need 200 units for our 3 stores.",
  "How do I pay?", "Quiero comprar 2 bolsas.", "Je passe demain.", "Wir möchten 10 kg bestellen.", "Posso buscar hoje?",
  "Can I get 3 of them by Friday?", "Put me down for 2!", "How much for 50?",
];
const QUANTITY_EDITS: ReadonlyArray<readonly [string, string]> = [
  ["I'd like to order the house blend", "I'd like to order 200 bags of the house blend"],
  ["can I get the croissants?", "can I get 4 dozen croissants?"],
  ["want to order the serum", "want to order 3 of the serums"],
  ["quiero pedir café", "quiero pedir 3 bolsas de café"],
  ["we need business cards", "we need 500 business cards"],
];
const CONTEXTS: ReadonlyArray<Partial<ScoreInput>> = [
  {},
  { profile: { followers: 45_000, verified: true } },
  { history: { previousMessages: 4, daysSinceFirstContact: 120, daysSinceLastContact: 60, businessReplies: 3, contactRepliesAfterBusiness: 0 } },
  { history: { previousMessages: 2, daysSinceFirstContact: 10, daysSinceLastContact: 1, businessReplies: 1, contactRepliesAfterBusiness: 1 } },
];
const INTENTS: ReadonlyArray<readonly [Intent, number]> = [["sales", 0.9], ["sales", 0.55], ["support", 0.8], ["other", 0.5], ["spam", 0.9], ["spam", 0.6]];

describe("a stronger buying signal never lowers the score", () => {
  const drops: string[] = [];
  const check = (weaker: string, stronger: string) => {
    for (const [intent, confidence] of INTENTS) {
      for (const context of CONTEXTS) {
        const before = scoreLead(lead({ ...context, intent, confidence, text: weaker }));
        const after = scoreLead(lead({ ...context, intent, confidence, text: stronger }));
        if (after.score < before.score) drops.push(`${intent} ${JSON.stringify(weaker)} -> ${JSON.stringify(stronger)}: ${before.score} -> ${after.score}`);
      }
    }
  };

  it("when a purchase, visit, quantity or pay request is added to any message", () => {
    drops.length = 0;
    for (const base of BASES) for (const addition of ADDITIONS) check(base, `${base} ${addition}`.trim());
    expect(drops).toEqual([]);
  });

  it("when a quantity is put into the sentence", () => {
    drops.length = 0;
    for (const [weaker, stronger] of QUANTITY_EDITS) check(weaker, stronger);
    expect(drops).toEqual([]);
  });

  it("and the property can fail: removing the buying signal does lower it", () => {
    const buying = scoreLead(lead({ text: "can I pick up 2 bags today?" })).score;
    expect(scoreLead(lead({ text: "nice bags" })).score).toBeLessThan(buying);
  });
});
