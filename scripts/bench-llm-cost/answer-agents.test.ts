import { describe, expect, it } from "vitest";
import { buildIntentPrompt } from "../../src/agents/intent/prompt";
import { intentResultSchema } from "../../src/agents/intent/schema";
import { buildReplyPrompt } from "../../src/agents/reply/prompt";
import { replyOutputSchema } from "../../src/agents/reply/types";
import { scoreOutputSchema } from "../../src/agents/scorer/types";
import { agentOf, answerFor, promptTextOf } from "./answer-agents";
import { fingerprint } from "./label-index";

/** A Responses API body as the AI SDK sends it. */
const body = (p: { system: string; prompt: string }) => ({ model: "gpt-4o-mini", input: [{ role: "system", content: p.system }, { role: "user", content: [{ type: "input_text", text: p.prompt }] }] });

describe("the fake's answers", () => {
  it("recognise the intent prompt and answer with the stream's label, or keyword rules", () => {
    const prompt = promptTextOf(body(buildIntentPrompt("hi, how much is the [NAME_1] pro plan?")));
    expect(agentOf(prompt)).toBe("intent");
    const labels = new Map([[fingerprint("hi, how much is the pro plan?"), "sales" as const]]);
    const labelled = answerFor("intent", prompt, labels);
    expect(intentResultSchema.parse(labelled.value)).toMatchObject({ intent: "sales" });
    expect(labelled.fromLabel).toBe(true);
    const guessed = answerFor("intent", promptTextOf(body(buildIntentPrompt("my refund never came"))), new Map());
    expect(guessed).toMatchObject({ value: { intent: "support" }, fromLabel: false });
  });

  it("answer the reply prompt from its best article, citing it", () => {
    const p = buildReplyPrompt({
      message: "How much is Pro?", intent: "sales", platform: "demo", tone: { companyName: "Demo Coffee Co.", guidelines: "Warm." },
      knowledge: [{ id: "art_1", title: "Plans", body: "The Pro plan costs $29 per month. It ships three bags.", rank: 0.9 }],
    });
    const prompt = promptTextOf(body(p));
    expect(agentOf(prompt)).toBe("reply");
    const value = replyOutputSchema.parse(answerFor("reply", prompt, new Map()).value);
    expect(value).toMatchObject({ usedArticleIds: ["art_1"], confident: true });
    expect(value.reply).toContain("The Pro plan costs $29 per month.");
  });

  it("answer the scorer prompt close to its baseline, within the schema", () => {
    const prompt = promptTextOf(body({
      system: "You score social-media leads for a business. Return tier...",
      prompt: `Intent: sales (confidence 0.81), platform: demo\nBaseline: ${JSON.stringify({ tier: "warm", score: 61, reason: "Asked for pricing", tags: ["pricing"] })}\n<message>\nprice?\n</message>`,
    }));
    expect(agentOf(prompt)).toBe("scorer");
    expect(scoreOutputSchema.parse(answerFor("scorer", prompt, new Map()).value)).toEqual({ tier: "warm", score: 61, reason: "Asked for pricing", tags: ["pricing"] });
  });

  it("do not recognise other prompts", () => {
    expect(agentOf(promptTextOf(body({ system: "You are helpful.", prompt: "hello" })))).toBeNull();
  });
});
