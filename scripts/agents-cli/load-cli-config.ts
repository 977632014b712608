import { z } from "zod";
import { envSchema } from "@/server/infra/env/schema";
import type { LlmLogger } from "../../src/agents/llm/agent-run-record";
import { ModelSpecError, parseModelChain, type ModelRef } from "../../src/agents/llm/model-spec";
import { createModelRegistry, type ModelRegistry } from "../../src/agents/llm/providers";

/**
 * Only the AI variables of the app's env schema (same definitions, same defaults), so the CLI
 * runs with no database, auth or encryption configuration at all.
 */
const s = envSchema.shape;
const cliEnvSchema = z.object({
  INTENT_MODELS: s.INTENT_MODELS,
  REPLY_MODELS: s.REPLY_MODELS,
  SCORER_MODELS: s.SCORER_MODELS,
  OPENAI_API_KEY: s.OPENAI_API_KEY,
  OPENAI_BASE_URL: s.OPENAI_BASE_URL,
  ANTHROPIC_API_KEY: s.ANTHROPIC_API_KEY,
  ANTHROPIC_BASE_URL: s.ANTHROPIC_BASE_URL,
  OPENAI_COMPAT_BASE_URL: s.OPENAI_COMPAT_BASE_URL,
  OPENAI_COMPAT_API_KEY: s.OPENAI_COMPAT_API_KEY,
  LLM_TIMEOUT_MS: s.LLM_TIMEOUT_MS,
  LLM_CACHE_TTL_SECONDS: s.LLM_CACHE_TTL_SECONDS,
});

export type CliAgent = "intent" | "reply" | "scorer";

export type CliConfig = {
  registry: ModelRegistry;
  chains: Record<CliAgent, ModelRef[]>;
  timeoutMs: number;
  cacheTtlSeconds: number;
};

export class CliConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "CliConfigError";
  }
}

/** Model chains and providers from the AI variables of `source`; throws CliConfigError naming each bad one. */
export function loadCliConfig(source: Record<string, string | undefined>, logger: LlmLogger): CliConfig {
  // As in the app: an empty string counts as unset.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = cliEnvSchema.safeParse(cleaned);
  if (!parsed.success) throw new CliConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  const e = parsed.data;

  const chain = (name: string, spec: string) => {
    try {
      return parseModelChain(spec);
    } catch (error) {
      if (error instanceof ModelSpecError) throw new CliConfigError([`${name}: ${error.message}`]);
      throw error;
    }
  };

  return {
    registry: createModelRegistry({
      openai: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL } : undefined,
      anthropic: e.ANTHROPIC_API_KEY ? { apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL } : undefined,
      compat: e.OPENAI_COMPAT_BASE_URL ? { baseURL: e.OPENAI_COMPAT_BASE_URL, apiKey: e.OPENAI_COMPAT_API_KEY } : undefined,
      logger,
    }),
    chains: {
      intent: chain("INTENT_MODELS", e.INTENT_MODELS),
      reply: chain("REPLY_MODELS", e.REPLY_MODELS),
      scorer: chain("SCORER_MODELS", e.SCORER_MODELS),
    },
    timeoutMs: e.LLM_TIMEOUT_MS,
    cacheTtlSeconds: e.LLM_CACHE_TTL_SECONDS,
  };
}

export function isLocalOnly(chain: readonly ModelRef[]): boolean {
  return chain.every((ref) => ref.provider === "local");
}
