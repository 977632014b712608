import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import type { AgentDeps } from "../agent-deps";
import { formatModelRef, parseModelChain } from "../llm/model-spec";
import { classifyIntent, LOCAL_FIRST_CONFIDENCE } from "./classify-intent";
import { classifyIntentLocal } from "./classify-local";

/** An LLM that answers every request with `answer`, as structured output. */
function llmAnswering(answer: unknown): AgentDeps {
  const model = new MockLanguageModelV3({
    provider: "openai",
    modelId: "gpt-4o-mini",
    doGenerate: async () => ({
      content: [{ type: "text" as const, text: JSON.stringify(answer) }],
      finishReason: { unified: "stop" as const, raw: "stop" },
      usage: {
        inputTokens: { total: 100, noCache: 100, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: 10, text: 10, reasoning: undefined },
      },
      warnings: [],
    }),
  });
  const chain = parseModelChain("openai:gpt-4o-mini,local");
  return {
    registry: { resolve: (ref) => (formatModelRef(ref) === "openai:gpt-4o-mini" ? model : null), redact: (t) => t },
    chain,
    workspaceId: "ws_test",
    timeoutMs: 1_000,
    retries: 0,
  };
}

const REFUND = "The bags arrived torn open and coffee is everywhere. I want a refund now!";
/** Support or sales? The local classifier is unsure (checked below), so an LLM is asked. */
const UNSURE = "Can I pause my subscription for a month?";

describe("classifyIntent confidence", () => {
  it("asks an LLM only when the local classifier is unsure", async () => {
    expect(classifyIntentLocal(REFUND).confidence).toBeGreaterThanOrEqual(LOCAL_FIRST_CONFIDENCE);
    const sure = await classifyIntent(REFUND, llmAnswering({ intent: "sales", confidence: 1 }));
    expect(sure).toMatchObject({ intent: "support", confidence: classifyIntentLocal(REFUND).confidence });
    expect(sure.run).toMatchObject({ provider: "local", outcome: "ok", tokensIn: 0 });
    expect(sure.run.attempts[0]).toMatchObject({ provider: "openai", error: "skipped: local model confident" });

    expect(classifyIntentLocal(UNSURE).confidence).toBeLessThan(LOCAL_FIRST_CONFIDENCE);
    const unsure = await classifyIntent(UNSURE, llmAnswering({ intent: "support", confidence: 1 }));
    expect(unsure.run.provider).toBe("openai");
  });

  it("does not pass an LLM's self-reported 100% through: the confidence is the calibrated probability of its answer", async () => {
    // What the app showed: every clear message at 100%, because the model's own number was stored.
    const result = await classifyIntent(UNSURE, llmAnswering({ intent: "support", confidence: 1 }));
    expect(result.intent).toBe("support");
    expect(result.confidence).toBeLessThan(1);
    expect(result.confidence).toBeCloseTo(classifyIntentLocal(UNSURE).scores.support, 10);
    expect(result.run.provider).toBe("openai");
  });

  it("gives a self-confident LLM answer the calibrated model disagrees with a confidence below any sensible threshold", async () => {
    const result = await classifyIntent(UNSURE, llmAnswering({ intent: "spam", confidence: 0.99 }));
    expect(result.intent).toBe("spam");
    expect(result.confidence).toBeLessThan(0.5);
  });

  it("keeps the local classifier's calibrated probability when no LLM is configured", async () => {
    const deps = { ...llmAnswering({}), chain: parseModelChain("local") };
    const result = await classifyIntent(REFUND, deps);
    const local = classifyIntentLocal(REFUND);
    expect(result).toMatchObject({ intent: local.intent, confidence: local.confidence });
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThan(1);
  });

  it("falls back to the local classifier when the LLM's answer is invalid", async () => {
    const result = await classifyIntent(UNSURE, llmAnswering({ intent: "complaint", confidence: 2 }));
    expect(result.run).toMatchObject({ provider: "local", outcome: "fallback" });
    expect(result.confidence).toBeCloseTo(classifyIntentLocal(UNSURE).confidence, 10);
  });
});
