import { parseModelChain, type ModelRef } from "@/agents/llm/model-spec";
import { createModelRegistry, type ModelRegistry } from "@/agents/llm/providers";
import { env } from "../infra/env/load-env";
import { logger } from "../infra/logger";
import { rateLimiter } from "../infra/runtime/ports";
import { limitLlmCalls } from "./limit-llm-calls";

type Runtime = {
  /**
   * The models for one workspace's agent calls, each request counted against its AI rate limit
   * (limit-llm-calls.ts). The unwrapped registry is not handed out.
   */
  registryFor: (workspaceId: string) => ModelRegistry;
  chains: Record<"intent" | "reply" | "scorer", ModelRef[]>;
  timeoutMs: number;
  cacheTtlSeconds: number;
};

const globalRuntime = globalThis as unknown as { leadlineAgents?: Runtime };

/** Model chains and providers from the environment, built once. */
export function agentRuntime(): Runtime {
  if (!globalRuntime.leadlineAgents) {
    const e = env();
    const registry = createModelRegistry({
      openai: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL } : undefined,
      anthropic: e.ANTHROPIC_API_KEY ? { apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL } : undefined,
      compat: e.OPENAI_COMPAT_BASE_URL ? { baseURL: e.OPENAI_COMPAT_BASE_URL, apiKey: e.OPENAI_COMPAT_API_KEY } : undefined,
      logger: logger.child({ component: "llm" }),
    });
    globalRuntime.leadlineAgents = {
      registryFor: (workspaceId) => limitLlmCalls(registry, { workspaceId, limiter: rateLimiter() }),
      chains: { intent: parseModelChain(e.INTENT_MODELS), reply: parseModelChain(e.REPLY_MODELS), scorer: parseModelChain(e.SCORER_MODELS) },
      timeoutMs: e.LLM_TIMEOUT_MS,
      cacheTtlSeconds: e.LLM_CACHE_TTL_SECONDS,
    };
  }
  return globalRuntime.leadlineAgents;
}

export function resetAgentRuntime(): void {
  globalRuntime.leadlineAgents = undefined;
}
