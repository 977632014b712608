import { describe, expect, it } from "vitest";
import type { FakeAgentTally, FakeCounts } from "./cost-fake";
import { formatReport, type ReportContext } from "./format-report";
import type { MessageRow, Records, RunRow } from "./read-records";
import { generateStream } from "./generate-stream";
import { streamStats } from "./stream-stats";
import { summarise } from "./summarise";

const GPT = { provider: "openai" as const, model: "gpt-4o-mini" };
const tally = (requests: number, inputTokens: number, outputTokens: number, extra: Partial<FakeAgentTally> = {}): FakeAgentTally => ({ requests, inputTokens, outputTokens, repeatsInFlight: 0, repeatsAfterAnswer: 0, sameWords: 0, labelled: 0, ...extra });
const run = (messageId: string, agent: string, o: Partial<RunRow> = {}): RunRow => ({ messageId, agent, provider: "openai", model: "gpt-4o-mini", tokensIn: 100, tokensOut: 10, costUsd: 0.000021, cacheHit: false, outcome: "ok", error: null, ...o });
const message = (id: string, intent: string, confidence: number, replyFlags: string[] | null = null): MessageRow => ({ id, status: "PROCESSED", intent, confidence, replyFlags });

/**
 * 500 messages: m0-m199 sales with an LLM reply, m200-m299 sales with a no-knowledge hand-off,
 * m300-m349 sales under the confidence floor, m350-m449 spam, m450-m499 other; every other
 * message with a local-classifier confidence of 0.95. Intent: 300 LLM calls and 200 cache hits;
 * scorer: an LLM call for every message.
 */
function records(): Records {
  const messages: MessageRow[] = [];
  const runs: RunRow[] = [];
  for (let i = 0; i < 500; i++) {
    const id = `m${i}`;
    const intent = i < 350 ? "SALES" : i < 450 ? "SPAM" : "OTHER";
    messages.push(message(id, intent, i % 2 === 0 ? 0.95 : 0.6, i < 200 ? ["language:en"] : i < 300 ? ["no-knowledge"] : null));
    runs.push(i < 300 ? run(id, "intent") : run(id, "intent", { cacheHit: true, tokensIn: 0, tokensOut: 0, costUsd: 0 }));
    runs.push(intent === "SPAM" && i % 10 === 0 ? run(id, "scorer", { provider: "local", model: "builtin", tokensIn: 0, tokensOut: 0, costUsd: 0, error: "openai:gpt-4o-mini skipped: spam" }) : run(id, "scorer"));
    if (i < 200) runs.push(run(id, "reply"));
    if (i < 100) runs.push(run(id, "grounding"));
  }
  return { messages, runs, usage: [{ provider: "openai", model: "gpt-4o-mini", calls: 1_290, tokensIn: 100_000, tokensOut: 10_000, costUsd: 0.021 }] };
}

const fake: FakeCounts = {
  perAgent: { intent: tally(300, 30_000, 3_000, { repeatsInFlight: 20, sameWords: 12, labelled: 290 }), reply: tally(200, 40_000, 8_000), scorer: tally(490, 49_000, 4_900), grounding: tally(100, 20_000, 1_000) },
  unknown: 0,
  received: 1_090,
};

const ctx: ReportContext = {
  seed: 3, speedup: 30, llmLatencyMs: 500, chains: { intent: "openai:gpt-4o-mini,local", reply: "openai:gpt-4o-mini,local", scorer: "openai:gpt-4o-mini,local", grounding: "openai:gpt-4o-mini,local" },
  stream: streamStats(generateStream({ messages: 500, seed: 3 })), replaySeconds: 60.04, drainSeconds: 2.5, rejected: 0, unfinished: 0,
};

describe("the LLM cost report", () => {
  const summary = summarise({ fake, records: records(), models: { intent: GPT, reply: GPT, scorer: GPT, grounding: GPT }, target: 0.4 });

  it("counts calls, naive figures and why calls were not made from the fake and the records", () => {
    expect(summary.messages).toBe(500);
    // The grounding verifier's 100 calls count in full: the naive path has none.
    expect(summary.total).toMatchObject({ calls: 1_090, naiveCalls: 1_500, inputTokens: 139_000, outputTokens: 16_900 });
    // Naive reply tokens: 500 calls x the 200 measured calls' average (200 in, 40 out).
    expect(summary.agents[1]).toMatchObject({ naiveInputTokens: 100_000, naiveOutputTokens: 20_000 });
    expect(summary.agents[1]!.naiveCostUsd).toBeCloseTo((100_000 * 0.15 + 20_000 * 0.6) / 1e6, 12);
    expect(summary.ratio.calls).toBeCloseTo(1_090 / 1_500, 12);
    expect(summary.met).toBe(false);
    expect(summary.replyNotAsked).toEqual({ spam: 100, other: 50, lowConfidence: 50, noArticle: 100, unexplained: 0 });
    expect(summary.scorerLlmOnSpam).toBe(90);
    expect(summary.agents[2]!.app.localByReason).toEqual({ spam: 10 });
    expect(summary.intentLlmLocalAgreed).toBe(150);
    expect(summary.intentSameWords).toBe(12);
    expect(summary.agents[0]!.app).toMatchObject({ llmRuns: 300, cacheHits: 200 });
    expect(summary.crossCheck).toMatchObject({ fakeRequests: 1_090, appLlmRuns: 1_090, refused: 0 });
  });

  it("prints every figure per 1,000 messages, with the verdict", () => {
    const text = formatReport(summary, ctx);
    const line = (start: string) => text.split("\n").find((l) => l.startsWith(start)) ?? "";
    expect(line("LLM calls (fake").split(/\s{2,}/).slice(1)).toEqual(["600", "400", "980", "200", "2,180"]);
    expect(line("naive calls").split(/\s{2,}/).slice(1)).toEqual(["1,000", "1,000", "1,000", "0", "3,000"]);
    expect(line("calls, actual / naive").split(/\s{2,}/).slice(1)).toEqual(["60.0%", "40.0%", "98.0%", "-", "72.7%"]);
    expect(line("naive input tokens").split(/\s{2,}/).slice(1)).toEqual(["100,000", "200,000", "100,000", "0", "400,000"]);
    expect(text).toContain("Target: LLM calls <= 40.0% of naive. Measured 72.7%: MISSED");
    expect(text).toContain("local model chosen instead of an LLM: scorer 20 (spam)");
    expect(text).toContain("local model after every LLM failed or the budget said no: none");
    expect(text).toContain("reply not asked for 600 messages: intent spam 200, intent other 100, sales/support under the confidence floor 100, no relevant article (hand-off written without a model) 200");
    expect(text).toContain("served from the cache: intent 400");
    expect(text).toContain("no in-flight sharing): intent 40, reply 0, scorer 0, grounding 0");
    expect(text).toContain("rules-based baseline: 180");
    expect(text).toContain("same intent at least 0.9 probability: 300");
    expect(text).toContain("only in case, punctuation, digits or emoji: 24");
    expect(text).toContain("96.7% of intent requests with the stream's own label");
    expect(text).toContain("usage_records: 1,290 calls (it counts the 200 cache hits as calls)");
  });

  it("says MET at the target, and '-' where a local-only chain leaves nothing to average", () => {
    const local = summarise({
      fake: { ...fake, perAgent: { ...fake.perAgent, scorer: tally(0, 0, 0) } },
      records: records(), models: { intent: GPT, reply: GPT, scorer: null, grounding: GPT }, target: 0.4,
    });
    const text = formatReport({ ...local, total: { ...local.total, calls: 600 }, ratio: { ...local.ratio, calls: 0.4 }, met: true }, ctx);
    expect(text).toContain("Measured 40.0%: MET");
    const naive = text.split("\n").find((l) => l.startsWith("naive input tokens"))!.split(/\s{2,}/).slice(1);
    expect(naive).toEqual(["100,000", "200,000", "-", "0", "-"]);
    expect(text.split("\n").find((l) => l.startsWith("model priced"))).toContain("local");
  });
});
