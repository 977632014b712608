import { describe, expect, it } from "vitest";
import { costUsd } from "./pricing";

describe("costUsd", () => {
  it("prices input and output tokens per million", () => {
    // gpt-4o-mini: $0.15 in, $0.60 out per 1M
    expect(costUsd({ provider: "openai", model: "gpt-4o-mini" }, { inputTokens: 1_000, outputTokens: 500 })).toEqual({
      usd: 0.00045,
      priced: true,
    });
    expect(costUsd({ provider: "anthropic", model: "claude-sonnet-4-5" }, { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toEqual({
      usd: 18,
      priced: true,
    });
  });

  it("matches dated snapshots without confusing gpt-4o-mini with gpt-4o", () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 0 };
    expect(costUsd({ provider: "openai", model: "gpt-4o-mini-2024-07-18" }, usage).usd).toBe(0.15);
    expect(costUsd({ provider: "openai", model: "gpt-4o-2024-08-06" }, usage).usd).toBe(2.5);
    expect(costUsd({ provider: "openai", model: "gpt-4.1-mini" }, usage).usd).toBe(0.4);
    expect(costUsd({ provider: "anthropic", model: "claude-haiku-4-5-20251001" }, usage).usd).toBe(1);
  });

  it("reports unknown models as unpriced and the local model as free", () => {
    expect(costUsd({ provider: "openai", model: "gpt-9-ultra" }, { inputTokens: 10, outputTokens: 10 })).toEqual({ usd: 0, priced: false });
    expect(costUsd({ provider: "compat", model: "llama3.1" }, { inputTokens: 10 })).toEqual({ usd: 0, priced: false });
    expect(costUsd({ provider: "local", model: "builtin" }, { inputTokens: 10 })).toEqual({ usd: 0, priced: true });
  });

  it("treats missing usage as zero tokens", () => {
    expect(costUsd({ provider: "openai", model: "gpt-4o" }, {})).toEqual({ usd: 0, priced: true });
  });
});
