import type { LlmProvider, ModelRef } from "./model-spec";

export interface ModelPrice {
  /** USD per 1M input tokens. */
  input: number;
  /** USD per 1M output tokens. */
  output: number;
}

/**
 * List prices, USD per 1M tokens, standard tier, as published in late 2025. Cached-input
 * discounts are ignored (every input token is charged at the full rate), so recorded costs
 * err on the high side, which is the safe side for budgets. `compat` servers (self-hosted
 * or third-party gateways) are unpriced unless a row is added here.
 */
export const MODEL_PRICES: Record<LlmProvider, Record<string, ModelPrice>> = {
  openai: {
    "gpt-4o-mini": { input: 0.15, output: 0.6 },
    "gpt-4o": { input: 2.5, output: 10 },
    "gpt-4.1-nano": { input: 0.1, output: 0.4 },
    "gpt-4.1-mini": { input: 0.4, output: 1.6 },
    "gpt-4.1": { input: 2, output: 8 },
    "gpt-5-nano": { input: 0.05, output: 0.4 },
    "gpt-5-mini": { input: 0.25, output: 2 },
    "gpt-5": { input: 1.25, output: 10 },
    "o4-mini": { input: 1.1, output: 4.4 },
  },
  anthropic: {
    "claude-haiku-4-5": { input: 1, output: 5 },
    "claude-sonnet-4-5": { input: 3, output: 15 },
    "claude-sonnet-4": { input: 3, output: 15 },
    "claude-opus-4-5": { input: 5, output: 25 },
    "claude-opus-4-1": { input: 15, output: 75 },
    "claude-3-5-haiku": { input: 0.8, output: 4 },
  },
  compat: {},
};

/**
 * Finds the price row for a model id, accepting dated snapshots ("gpt-4o-mini-2024-07-18",
 * "claude-haiku-4-5-20251001") and "-latest" aliases. Longest id first, so "gpt-4o-mini" wins
 * over "gpt-4o" and "gpt-4.1-mini" over "gpt-4.1".
 */
function findPrice(provider: LlmProvider, model: string): ModelPrice | undefined {
  const table = MODEL_PRICES[provider];
  const exact = table[model];
  if (exact) return exact;
  const ids = Object.keys(table).sort((a, b) => b.length - a.length);
  const id = ids.find((candidate) => {
    if (!model.startsWith(`${candidate}-`)) return false;
    const suffix = model.slice(candidate.length + 1);
    return /^\d{4}-?\d{2}-?\d{2}$/.test(suffix) || suffix === "latest";
  });
  return id === undefined ? undefined : table[id];
}

export interface TokenUsage {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
}

export interface Cost {
  usd: number;
  /** False when the model has no price row (cost reported as 0). The local model is priced at 0. */
  priced: boolean;
}

export function costUsd(ref: ModelRef, usage: TokenUsage): Cost {
  if (ref.provider === "local") return { usd: 0, priced: true };
  const price = findPrice(ref.provider, ref.model);
  if (!price) return { usd: 0, priced: false };
  const usd = ((usage.inputTokens ?? 0) * price.input + (usage.outputTokens ?? 0) * price.output) / 1_000_000;
  // Round to a billionth of a dollar to keep float noise out of stored sums.
  return { usd: Math.round(usd * 1e9) / 1e9, priced: true };
}
