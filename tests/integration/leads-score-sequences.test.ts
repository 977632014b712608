import { describe, expect, it } from "vitest";
import { classifyIntentLocal } from "@/agents/intent/classify-local";
import { scoreLead } from "@/agents/scorer/score-lead";
import type { ScoreInput } from "@/agents/scorer/types";

/**
 * The product rule "a score must never drop on a stronger buying signal" across a conversation:
 * each sequence is one customer's messages, every later one a stronger buying signal than the one
 * before (a price, a quantity, a demo, a visit or a way to pay after a vaguer question). Each is
 * classified by the local intent model and scored as the pipeline does, with the contact's history
 * growing (the business answered each message, the customer wrote back).
 */
const SEQUENCES: ReadonlyArray<{ lang: string; messages: readonly string[] }> = [
  { lang: "en", messages: ["hi, do you have decaf?", "how much is a 1 kg bag of the decaf?", "great, I'd like to order 3 bags, can I pick them up today?"] },
  { lang: "en", messages: ["interested 👀", "What are your prices for the team plan?", "We need 40 seats, can we get a quote and a demo this week?"] },
  { lang: "en", messages: ["Tell me more about your product", "Can we book a demo next Tuesday? We're a team of 25."] },
  { lang: "en", messages: ["How much is the 1kg bag?", "perfect, send me the payment link for 2 bags"] },
  { lang: "en", messages: ["hello", "price?", "2 please"] },
  { lang: "en", messages: ["what are your prices?", "2 bags please"] },
  { lang: "en", messages: ["Do you ship to Canada?", "How much would shipping be for 4 bags?", "Great, I'll order 4 bags now, how do I pay?"] },
  { lang: "en", messages: ["love your stuff", "do you sell gift cards?", "I want to buy a $50 gift card"] },
  { lang: "en", messages: ["Do you do catering?", "How much for catering for 30 people on Friday?"] },
  { lang: "en", messages: ["nice pics", "how much for 50 mugs for our office?"] },
  { lang: "es", messages: ["¿Hacen envíos a Sevilla?", "¿Cuánto cuesta el envío de 3 bolsas?", "Vale, quiero comprar 3 bolsas, ¿cómo pago?"] },
  { lang: "es", messages: ["¿Tienen café descafeinado?", "¿Cuánto cuesta el kilo? Quiero comprar 2 bolsas."] },
  { lang: "fr", messages: ["Vous faites des gâteaux d'anniversaire ?", "Combien pour un gâteau pour 20 personnes ? Je passe samedi."] },
  { lang: "fr", messages: ["C'est combien le sac d'un kilo ?", "Je prends 2 sacs, je passe les chercher demain"] },
  { lang: "de", messages: ["Habt ihr auch Hafermilch?", "Was kostet das? Wir möchten 10 kg bestellen."] },
  { lang: "de", messages: ["Was kostet die Mühle?", "Ich möchte sie kaufen, kann ich heute abholen?"] },
  { lang: "pt", messages: ["Olá, vocês entregam no Porto?", "Quanto custa? Quero encomendar 5 pacotes."] },
  { lang: "it", messages: ["Quanto costa il caffè in grani?", "Vorrei ordinare 5 pacchi"] },
];

/** Scores a conversation message by message as the pipeline does (local classifier, growing history). */
function scoreSequence(messages: readonly string[]) {
  const scored: Array<{ text: string; intent: string } & ReturnType<typeof scoreLead>> = [];
  messages.forEach((text, i) => {
    const { intent, confidence } = classifyIntentLocal(text);
    const previousScore = scored.at(-1)?.score;
    const history: ScoreInput["history"] =
      i === 0 ? { previousMessages: 0, businessReplies: 0, contactRepliesAfterBusiness: 0 }
      : { previousMessages: i, daysSinceFirstContact: i / 24, daysSinceLastContact: 1 / 24, businessReplies: i, contactRepliesAfterBusiness: i, previousScore };
    scored.push({ text, intent, ...scoreLead({ intent, confidence, text, platform: "instagram", profile: {}, history }) });
  });
  return scored;
}

describe("a later, stronger buying signal never lowers the lead's score", () => {
  it.each(SEQUENCES.map((s) => [s.lang, s.messages.join(" -> "), s.messages] as const))("%s: %s", (_lang, _label, messages) => {
    const scored = scoreSequence(messages);
    for (let i = 1; i < scored.length; i++) {
      const before = scored[i - 1]!;
      const after = scored[i]!;
      expect(after.score, `"${before.text}" (${before.score}) -> "${after.text}" (${after.score}, ${after.intent}: ${after.reason})`).toBeGreaterThanOrEqual(before.score);
    }
    // Every sequence ends on buying interest the table shows as at least warm, with a reason naming it.
    const last = scored.at(-1)!;
    expect(last.tier).not.toBe("cold");
    expect(last.reason.length).toBeGreaterThan(0);
  });

  it("can fail: without the lead's previous score, a short follow-up read alone scores below the question before it", () => {
    const [, price] = scoreSequence(["hello", "price?"]);
    const { intent, confidence } = classifyIntentLocal("2 bags please");
    const history = { previousMessages: 2, daysSinceFirstContact: 0.1, daysSinceLastContact: 0.04, businessReplies: 2, contactRepliesAfterBusiness: 2 };
    const alone = scoreLead({ intent, confidence, text: "2 bags please", platform: "instagram", profile: {}, history });
    const held = scoreLead({ intent, confidence, text: "2 bags please", platform: "instagram", profile: {}, history: { ...history, previousScore: price!.score } });
    expect(alone.score).toBeLessThan(price!.score);
    expect(held.score).toBe(price!.score);
  });

  it("can fail: a later message without buying interest may lower the score, and then says why", () => {
    const [buying, thanks] = scoreSequence(["How much for 3 bags? I'd like to order them today", "thanks, have a nice day"]);
    expect(thanks!.score).toBeLessThan(buying!.score);
    expect(thanks!.reason).not.toBe("");
  });
});
