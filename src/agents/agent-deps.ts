import type { CachePort } from "@/shared/cache-port";
import type { AgentRunRecord, LlmLogger } from "./llm/agent-run-record";
import type { ModelRef } from "./llm/model-spec";
import type { ModelRegistry } from "./llm/providers";

/**
 * What an agent needs from the outside world. Agents are pure functions of (input, deps):
 * the pipeline, the CLI and tests each build deps their own way.
 */
export type AgentDeps = {
  registry: ModelRegistry;
  chain: readonly ModelRef[];
  /** Tenant scope for cache keys (tenants never share cached answers). */
  workspaceId: string;
  cache?: CachePort;
  cacheTtlSeconds?: number;
  timeoutMs: number;
  retries?: number;
  budget?: { allowLlm: boolean; reason?: string };
  onRun?: (rec: AgentRunRecord) => void | Promise<void>;
  logger?: LlmLogger;
};
