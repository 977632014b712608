import type { ModelProvider } from "./model-spec";

export type AgentName = "intent" | "reply" | "scorer";

export interface AgentAttempt {
  provider: ModelProvider;
  model: string;
  /** Safe summary ("timeout", "http 429: ...", "skipped: provider not configured"); no keys, no prompt. */
  error?: string;
}

/**
 * What one agent call did, for the `AgentRun` table and usage accounting (docs/architecture.md#the-flow-of-one-message).
 * `provider`/`model` name whoever produced the value (the local model after a fallback).
 * Tokens and cost add up every LLM attempt that reported usage, failed ones included, because
 * the provider bills those too.
 */
export interface AgentRunRecord {
  agent: AgentName;
  provider: ModelProvider;
  model: string;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** False when a billed model is missing from the price table, so `costUsd` undercounts. */
  costPriced: boolean;
  cacheHit: boolean;
  /**
   * ok: served by the configured chain (an LLM, the cache, or a local-only chain);
   * fallback: the local model stood in (every LLM failed, or the budget said no);
   * error: nothing produced a value (the local model threw, or a stream broke mid-way).
   */
  outcome: "ok" | "fallback" | "error";
  attempts: AgentAttempt[];
  error?: string;
}

/** The slice of a pino logger this layer uses. */
export interface LlmLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

/** Thrown when no model, local included, produced a value; carries the (already reported) run. */
export class AgentCallError extends Error {
  constructor(
    message: string,
    readonly run: AgentRunRecord,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AgentCallError";
  }
}
