import { wrapLanguageModel, type LanguageModel } from "ai";
import type { ModelRegistry } from "@/agents/llm/providers";
import type { RateLimiter } from "../infra/ratelimit/limiter-port";
import { retryAfterSecondsOf } from "../infra/ratelimit/enforce-limit";

/**
 * A paid model request refused by the workspace's AI rate limit before it left. Not an HTTP or
 * network error, so the agents' retry logic treats it as final for that model (no backoff, no
 * retry) and falls through the chain to the local model: the pipeline degrades exactly as when
 * the budget is spent, and the run record carries this message as the reason.
 */
export class AiRateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`AI rate limit for this workspace reached: local model instead (paid models again in ${retryAfterSeconds} s)`);
    this.name = "AiRateLimitedError";
  }
}

/**
 * The one door where model requests leave: every model this registry resolves counts each
 * request (retries and streams included) against the workspace's `ai` rate-limit policy before
 * calling the provider, and throws AiRateLimitedError instead when the workspace is over it.
 * The runtime hands out only registries wrapped this way (`agentRuntime().registryFor`), so a new
 * path that asks a model through it cannot skip the limit. The limiter applies the policy's
 * outage rule (fail-open: the monthly budget still bounds the spend).
 */
export function limitLlmCalls(registry: ModelRegistry, scope: { workspaceId: string; limiter: RateLimiter }): ModelRegistry {
  const admit = async () => {
    const result = await scope.limiter.limit("ai", scope.workspaceId);
    if (!result.success) throw new AiRateLimitedError(retryAfterSecondsOf(result));
  };
  return {
    resolve(ref) {
      const model = registry.resolve(ref);
      return model === null ? null : gated(model, admit);
    },
    redact: (text) => registry.redact(text),
  };
}

function gated(model: LanguageModel, admit: () => Promise<void>): LanguageModel {
  // The registry's providers all build v3 models; anything else cannot be wrapped, and an
  // unwrapped model would leave the door open, so it is refused outright.
  if (typeof model === "string" || model.specificationVersion !== "v3") {
    throw new TypeError("limitLlmCalls: only v3 language models can be rate-limited");
  }
  return wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: "v3",
      wrapGenerate: async ({ doGenerate }) => {
        await admit();
        return doGenerate();
      },
      wrapStream: async ({ doStream }) => {
        await admit();
        return doStream();
      },
    },
  });
}
