import { describe, expect, it } from "vitest";
import { generateReplyLocal } from "./generate-reply-local";
import { checkReply } from "./guardrails";
import { measureLength } from "@/shared/reply-limits";
import { SAFE_HANDOFF_REPLY } from "./safe-handoff";
import { splitSentences } from "./select-knowledge";
import { KNOWLEDGE, replyInput } from "../../../tests/helpers/agents/test-knowledge";

const kbSentences = KNOWLEDGE.flatMap((k) => splitSentences(k.body));

describe("generateReplyLocal", () => {
  it("answers with the most relevant knowledge sentence, verbatim", () => {
    const result = generateReplyLocal(replyInput({ message: "Hi [NAME_1], how much is the Pro plan?" }));
    expect(result.handoff).toBe(false);
    expect(result.usedArticleIds).toEqual(["kb-pricing"]);
    expect(result.text).toContain("The Pro plan costs $79 per month with unlimited seats.");
    expect(result.flags).toContain("local-extractive");
  });

  it("picks the article by term overlap, not only by rank", () => {
    const result = generateReplyLocal(replyInput({ message: "Do you deliver to Canada?" }));
    expect(result.usedArticleIds).toEqual(["kb-shipping"]);
    expect(result.text).toContain("We ship to the US, Canada and the UK.");
  });

  it("only ever contains template text and knowledge sentences", () => {
    for (const message of ["How much is the Pro plan?", "Can I get a refund?", "Do you ship to the UK?"]) {
      const { text } = generateReplyLocal(replyInput({ message }));
      const used = kbSentences.filter((s) => text.includes(s));
      expect(used.length, message).toBeGreaterThanOrEqual(1);
      expect(used.length, message).toBeLessThanOrEqual(2);
    }
  });

  it("passes its own guardrails (it cannot invent facts)", () => {
    for (const message of ["How much is the Pro plan?", "Can I get a refund?", "When will my order ship?"]) {
      const input = replyInput({ message });
      const { text } = generateReplyLocal(input);
      const check = checkReply(text, { knowledge: KNOWLEDGE, customerMessage: message, platform: "facebook" });
      expect(check.violations, message).toEqual([]);
    }
  });

  it("never echoes the customer's message or placeholders", () => {
    const message = "Refund please! I'm [NAME_1], reach me at [EMAIL_1] or [PHONE_1]";
    const { text } = generateReplyLocal(replyInput({ message, intent: "support" }));
    expect(text).not.toMatch(/\[(?:NAME|EMAIL|PHONE)_\d+\]/);
    expect(text).toContain("You can request a refund within 30 days of purchase.");
  });

  it("hands off safely when there is no knowledge", () => {
    const result = generateReplyLocal(replyInput({ knowledge: [] }));
    expect(result).toEqual({ text: SAFE_HANDOFF_REPLY, handoff: true, flags: ["no-knowledge"], usedArticleIds: [] });
  });

  it("hands off on a weak match, an empty message and spam", () => {
    expect(generateReplyLocal(replyInput({ message: "What's your favourite colour?" })).flags).toEqual(["weak-match"]);
    expect(generateReplyLocal(replyInput({ message: "hey, anyone there??" })).flags).toEqual(["weak-match"]);
    expect(generateReplyLocal(replyInput({ message: "   " })).flags).toEqual(["empty-message"]);
    const spam = generateReplyLocal(replyInput({ intent: "spam", message: "cheap followers, pricing inside" }));
    expect(spam.handoff).toBe(true);
    expect(spam.flags).toEqual(["spam"]);
  });

  it("follows the tone guidelines", () => {
    const formal = generateReplyLocal(replyInput({ tone: { companyName: "Acme", guidelines: "Formal and professional." } }));
    expect(formal.text).toMatch(/^Hello, and thank you for your interest in Acme\./);
    expect(formal.text).toMatch(/Kind regards, Acme$/);

    const emoji = generateReplyLocal(
      replyInput({ tone: { companyName: "Acme", guidelines: "Casual and fun, emojis welcome" } }),
    );
    expect(emoji.text).toMatch(/^Hi there! .*😊/u);

    const noEmoji = generateReplyLocal(
      replyInput({ tone: { companyName: "Acme", guidelines: "Friendly, but never use emojis." } }),
    );
    expect(noEmoji.text).toMatch(/^Hi there!/);
    expect(noEmoji.text).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it("fits the platform limit, dropping the closing first", () => {
    const longBody = `The Pro plan costs $79 per month. ${"It includes advanced reporting for every team member. ".repeat(8)}`;
    const knowledge = [{ id: "kb-long", title: "Pro plan", body: longBody, rank: 1 }];
    const result = generateReplyLocal(replyInput({ platform: "x", knowledge }));
    expect(measureLength(result.text, "x-weighted")).toBeLessThanOrEqual(280);
    expect(result.text).toContain("The Pro plan costs $79 per month.");
  });
  it("hands off instead of answering from the best of irrelevant articles", () => {
    const result = generateReplyLocal(replyInput({ message: "Do you sell gift cards for birthdays?" }));
    expect(result).toMatchObject({ handoff: true, text: SAFE_HANDOFF_REPLY, flags: ["weak-match"] });
  });

  it("answers a refund question from the refunds article, not from a higher-ranked one", () => {
    const result = generateReplyLocal(replyInput({ message: "Can I get my refund within 30 days of purchase?", intent: "support" }));
    expect(result.usedArticleIds).toEqual(["kb-refunds"]);
  });

  it("hands a message in another language to a person rather than answering in English", () => {
    for (const message of ["Hola, ¿cuánto cuesta el plan Pro?", "Combien coûte le plan Pro ?", "Was kostet der Pro-Plan?", "Quanto custa o plano Pro?"]) {
      const result = generateReplyLocal(replyInput({ message }));
      expect(result.handoff).toBe(true);
      expect(result.flags[0]).toBe("language-mismatch");
      expect(result.flags[1]).toMatch(/^language:(es|fr|de|pt)$/);
    }
  });

  it("says it does not know when the customer names something the article is silent about", () => {
    expect(generateReplyLocal(replyInput({ message: "Do you ship to Mexico?" }))).toMatchObject({ handoff: true, flags: ["unmentioned-name"] });
    expect(generateReplyLocal(replyInput({ message: "Do you ship to Canada?" })).handoff).toBe(false);
  });
});
