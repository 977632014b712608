import type { ModelProvider } from "./model-spec";

/** The three agents, and the reply's grounding verifier (verify-grounding.ts). */
export const AGENT_NAMES = ["intent", "reply", "scorer", "grounding"] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

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
  /** The cache entry this call read (a hit) or wrote (an LLM answer): a hash, no text. Kept so erasure can delete it. */
  cacheKey?: string;
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
