import type { LanguageModel } from "ai";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LlmLogger } from "./agent-run-record";
import { formatModelRef, type LlmProvider, type ModelRef } from "./model-spec";

export interface ModelRegistryConfig {
  /**
   * `api` picks the OpenAI endpoint: "responses" (POST /responses, what the SDK's default
   * `openai(model)` calls) or "chat" (POST /chat/completions, for proxies that only speak it).
   */
  openai?: { apiKey: string; baseURL?: string; api?: "responses" | "chat" };
  anthropic?: { apiKey: string; baseURL?: string };
  /**
   * Any OpenAI-compatible server (Ollama, vLLM, LM Studio, OpenRouter...). `structuredOutputs`
   * (default true) sends `response_format: json_schema`; set false for servers that only
   * accept `json_object`.
   */
  compat?: { baseURL: string; apiKey?: string; name?: string; structuredOutputs?: boolean };
  /** Custom fetch for every provider (tests, proxies, instrumentation). */
  fetch?: typeof fetch;
  logger?: LlmLogger;
}

export interface ModelRegistry {
  /** The model for `ref`, or null for `local` and for providers missing from the configuration. */
  resolve(ref: ModelRef): LanguageModel | null;
  /** Replaces configured secrets in `text` (error messages bound for logs and run records). */
  redact(text: string): string;
}

type ModelFactory = (model: string) => LanguageModel;

function buildFactories(cfg: ModelRegistryConfig): Partial<Record<LlmProvider, ModelFactory>> {
  const factories: Partial<Record<LlmProvider, ModelFactory>> = {};
  if (cfg.openai) {
    const openai = createOpenAI({ apiKey: cfg.openai.apiKey, baseURL: cfg.openai.baseURL, fetch: cfg.fetch });
    factories.openai = cfg.openai.api === "chat" ? (m) => openai.chat(m) : (m) => openai.responses(m);
  }
  if (cfg.anthropic) {
    const anthropic = createAnthropic({
      apiKey: cfg.anthropic.apiKey,
      baseURL: cfg.anthropic.baseURL,
      fetch: cfg.fetch,
    });
    factories.anthropic = (m) => anthropic.messages(m);
  }
  if (cfg.compat) {
    const compat = createOpenAICompatible({
      name: cfg.compat.name ?? "compat",
      baseURL: cfg.compat.baseURL,
      apiKey: cfg.compat.apiKey,
      fetch: cfg.fetch,
      includeUsage: true,
      supportsStructuredOutputs: cfg.compat.structuredOutputs ?? true,
    });
    factories.compat = (m) => compat.chatModel(m);
  }
  return factories;
}

function collectSecrets(cfg: ModelRegistryConfig): string[] {
  return [cfg.openai?.apiKey, cfg.anthropic?.apiKey, cfg.compat?.apiKey].filter(
    (s): s is string => typeof s === "string" && s.length >= 4,
  );
}

/**
 * Builds model instances from explicit configuration (no env reads here; the env module wires
 * this). A chain entry whose provider is not configured resolves to null and is warned about
 * once, so a half-configured deployment degrades to the next model instead of crashing.
 */
export function createModelRegistry(cfg: ModelRegistryConfig): ModelRegistry {
  const factories = buildFactories(cfg);
  const secrets = collectSecrets(cfg);
  const models = new Map<string, LanguageModel>();
  const warned = new Set<LlmProvider>();

  return {
    resolve(ref) {
      if (ref.provider === "local") return null;
      const factory = factories[ref.provider];
      if (!factory) {
        if (!warned.has(ref.provider)) {
          warned.add(ref.provider);
          cfg.logger?.warn(
            { provider: ref.provider, model: ref.model },
            "llm provider in the model chain is not configured; skipping it",
          );
        }
        return null;
      }
      const key = formatModelRef(ref);
      let model = models.get(key);
      if (!model) {
        model = factory(ref.model);
        models.set(key, model);
      }
      return model;
    },
    redact(text) {
      return secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text);
    },
  };
}
