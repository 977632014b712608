import { generateText, NoObjectGeneratedError, Output, type LanguageModel, type LanguageModelUsage } from "ai";
import type { z } from "zod";
import type { AgentAttempt } from "./agent-run-record";
import { backoffDelayMs, MAX_BACKOFF_MS } from "./backoff-delay";
import { callWithTimeout } from "./call-with-timeout";
import type { AgentPrompt } from "./clamp-prompt";
import { classifyLlmError, describeLlmError, isTransient } from "./classify-error";
import type { ModelRef } from "./model-spec";

export interface RetryPolicy {
  timeoutMs: number;
  /** Extra attempts per model after a transient failure. */
  retries: number;
  backoffMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

export interface ModelCallSettings {
  maxOutputTokens: number;
  temperature?: number;
}

export interface ModelCallHooks {
  attempt: (attempt: AgentAttempt) => void;
  usage: (ref: ModelRef, usage: LanguageModelUsage) => void;
  redact: (text: string) => string;
}

/** The most invalid answers (bad JSON, wrong shape) one model gets before the next model is tried. */
const MAX_INVALID_OUTPUTS = 2;

/**
 * Asks one model for a schema-conforming object. Transient failures (timeout, 429, 5xx,
 * network) are retried with exponential backoff, honouring Retry-After when it is short
 * (a longer one moves on to the next model at once); invalid output is retried once
 * immediately; auth and other 4xx errors give up on this model straight away.
 * Returns undefined when the model could not produce a value.
 */
export async function callModelWithRetries<T>(
  ref: ModelRef,
  model: LanguageModel,
  schema: z.ZodType<T>,
  prompt: AgentPrompt,
  settings: ModelCallSettings,
  policy: RetryPolicy,
  hooks: ModelCallHooks,
): Promise<{ value: T } | undefined> {
  let invalidOutputs = 0;
  let delayMs = 0;
  for (let attempt = 0; attempt <= policy.retries; attempt++) {
    if (delayMs > 0) await policy.sleep(delayMs);
    try {
      const result = await callWithTimeout(
        (abortSignal) =>
          generateText({
            model,
            system: prompt.system,
            prompt: prompt.prompt,
            output: Output.object({ schema }),
            maxOutputTokens: settings.maxOutputTokens,
            temperature: settings.temperature,
            maxRetries: 0, // retries are ours: per-attempt records, backoff, and model switching
            abortSignal,
          }),
        policy.timeoutMs,
      );
      hooks.usage(ref, result.usage);
      hooks.attempt({ provider: ref.provider, model: ref.model });
      return { value: result.output };
    } catch (error) {
      const classified = classifyLlmError(error);
      if (NoObjectGeneratedError.isInstance(error) && error.usage) hooks.usage(ref, error.usage);
      const description = describeLlmError(error, classified, {
        redact: hooks.redact,
        sensitive: [prompt.system, prompt.prompt],
      });
      hooks.attempt({ provider: ref.provider, model: ref.model, error: description });
      if (classified.kind === "invalid-output") {
        invalidOutputs++;
        if (invalidOutputs >= MAX_INVALID_OUTPUTS) return undefined;
        delayMs = 0;
        continue;
      }
      if (!isTransient(classified.kind)) return undefined;
      if ((classified.retryAfterMs ?? 0) > MAX_BACKOFF_MS) return undefined;
      delayMs = Math.max(backoffDelayMs(attempt, policy.backoffMs, policy.random), classified.retryAfterMs ?? 0);
    }
  }
  return undefined;
}
