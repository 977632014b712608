import type { LanguageModelUsage } from "ai";
import type { AgentAttempt, AgentName, AgentRunRecord, LlmLogger } from "./agent-run-record";
import type { ModelRef } from "./model-spec";
import { costUsd } from "./pricing";

/** Accumulates attempts, tokens and cost over one agent call and turns them into its record. */
export class RunTally {
  readonly attempts: AgentAttempt[] = [];
  private tokensIn = 0;
  private tokensOut = 0;
  private cost = 0;
  private priced = true;
  private readonly started = performance.now();

  constructor(private readonly agent: AgentName) {}

  addUsage(ref: ModelRef, usage: Pick<LanguageModelUsage, "inputTokens" | "outputTokens">): void {
    this.tokensIn += usage.inputTokens ?? 0;
    this.tokensOut += usage.outputTokens ?? 0;
    const cost = costUsd(ref, usage);
    this.cost += cost.usd;
    this.priced &&= cost.priced;
  }

  /** "every LLM failed (3 attempts); last: openai:gpt-4o-mini server (http 500): ..." */
  failureSummary(): string {
    const last = this.attempts.at(-1);
    const tail = last?.error === undefined ? "" : `; last: ${last.provider}:${last.model} ${last.error}`;
    return `every LLM in the chain failed (${this.attempts.length} attempts)${tail}`;
  }

  record(ref: ModelRef, fields: Pick<AgentRunRecord, "cacheHit" | "outcome"> & { error?: string; cacheKey?: string }): AgentRunRecord {
    const { error, cacheKey, ...rest } = fields;
    return {
      agent: this.agent,
      provider: ref.provider,
      model: ref.model,
      latencyMs: Math.round(performance.now() - this.started),
      tokensIn: this.tokensIn,
      tokensOut: this.tokensOut,
      costUsd: Math.round(this.cost * 1e9) / 1e9,
      costPriced: this.priced,
      attempts: [...this.attempts],
      ...rest,
      ...(error === undefined ? {} : { error }),
      ...(cacheKey === undefined ? {} : { cacheKey }),
    };
  }
}

/** Hands a record to `onRun`; a failing sink is logged, never allowed to fail the agent call. */
export async function reportRun(
  run: AgentRunRecord,
  onRun: ((rec: AgentRunRecord) => void | Promise<void>) | undefined,
  logger: LlmLogger | undefined,
): Promise<AgentRunRecord> {
  try {
    await onRun?.(run);
  } catch (error) {
    logger?.warn({ agent: run.agent, err: error instanceof Error ? error.name : "unknown" }, "agent run record was not saved");
  }
  return run;
}
