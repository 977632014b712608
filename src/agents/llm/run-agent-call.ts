import type { LanguageModelUsage } from "ai";
import type { z } from "zod";
import type { CachePort } from "@/shared/cache-port";
import { readCachedAnswer, writeCachedAnswer } from "./agent-cache";
import { type AgentAttempt, type AgentName, type AgentRunRecord, type LlmLogger } from "./agent-run-record";
import { sleep as realSleep } from "./backoff-delay";
import { llmCacheKey, type LlmCacheKeyParts } from "./cache-key";
import { callModelWithRetries } from "./call-model-with-retries";
import { clampPrompt, DEFAULT_MAX_PROMPT_TOKENS, type AgentPrompt } from "./clamp-prompt";
import { callLocalModel } from "./call-local-model";
import { formatModelChain, LOCAL_MODEL, type ModelRef } from "./model-spec";
import type { ModelRegistry } from "./providers";
import { reportRun, RunTally } from "./run-tally";

export interface RunAgentCallOptions<T> {
  agent: AgentName;
  chain: readonly ModelRef[];
  registry: ModelRegistry;
  /** Plain zod object schema: sent to the model as JSON Schema, and checked on model output and cache reads. */
  schema: z.ZodType<T>;
  /** Called once, and only when a model is about to be asked. */
  buildPrompt: () => AgentPrompt;
  local: () => T | Promise<T>;
  cache?: CachePort;
  /** Required with `cache`. `agent` is always `opts.agent`; `model` defaults to the whole chain. */
  cacheKeyParts?: Omit<LlmCacheKeyParts, "agent" | "model"> & { model?: string };
  /** Default 86 400 (one day). */
  cacheTtlSeconds?: number;
  /** Deadline for each model attempt. */
  timeoutMs: number;
  /** Extra attempts per model after a transient failure. Default 2. */
  retries?: number;
  /** Base of the exponential backoff. Default 250 ms. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  budget?: { allowLlm: boolean; reason?: string };
  /**
   * Why the local model's answer is enough this time ("local model confident", "spam"): no LLM
   * is asked and the cache is not read; the run is "ok", each LLM of the chain recorded as
   * skipped with this reason. Undefined: the chain as usual.
   */
  localSuffices?: string;
  /** Safety net against huge inputs: the prompt (not the system text) is cut to this. Default 8 000. */
  maxPromptTokens?: number;
  /** Default 1 000. */
  maxOutputTokens?: number;
  temperature?: number;
  /** Receives every run record, including failed ones; its own errors are logged, not thrown. */
  onRun?: (rec: AgentRunRecord) => void | Promise<void>;
  logger?: LlmLogger;
}

export interface AgentCallResult<T> {
  value: T;
  run: AgentRunRecord;
}

const DEFAULTS = { cacheTtlSeconds: 86_400, retries: 2, backoffMs: 250, maxOutputTokens: 1_000 };

function report<T>(opts: RunAgentCallOptions<T>, run: AgentRunRecord): Promise<AgentRunRecord> {
  return reportRun(run, opts.onRun, opts.logger);
}

function cacheKeyFor<T>(opts: RunAgentCallOptions<T>): string | undefined {
  if (!opts.cache) return undefined;
  if (!opts.cacheKeyParts) throw new Error(`runAgentCall(${opts.agent}): cache given without cacheKeyParts`);
  const { model, ...parts } = opts.cacheKeyParts;
  return llmCacheKey({ ...parts, agent: opts.agent, model: model ?? formatModelChain(opts.chain) });
}

/** Tries the chain's LLMs in order; undefined when none produced a value. */
async function tryLlms<T>(opts: RunAgentCallOptions<T>, llms: readonly ModelRef[], tally: RunTally) {
  const prompt = clampPrompt(opts.buildPrompt(), opts.maxPromptTokens ?? DEFAULT_MAX_PROMPT_TOKENS, opts);
  const policy = {
    timeoutMs: opts.timeoutMs,
    retries: opts.retries ?? DEFAULTS.retries,
    backoffMs: opts.backoffMs ?? DEFAULTS.backoffMs,
    sleep: opts.sleep ?? realSleep,
    random: opts.random ?? Math.random,
  };
  const settings = { maxOutputTokens: opts.maxOutputTokens ?? DEFAULTS.maxOutputTokens, temperature: opts.temperature };
  const hooks = {
    attempt: (a: AgentAttempt) => tally.attempts.push(a),
    usage: (ref: ModelRef, usage: LanguageModelUsage) => tally.addUsage(ref, usage),
    redact: (text: string) => opts.registry.redact(text),
  };
  for (const ref of llms) {
    const model = opts.registry.resolve(ref);
    if (!model) {
      tally.attempts.push({ provider: ref.provider, model: ref.model, error: "skipped: provider not configured" });
      continue;
    }
    const result = await callModelWithRetries(ref, model, opts.schema, prompt, settings, policy, hooks);
    if (result) return { ref, value: result.value };
  }
  return undefined;
}

/**
 * One agent call: cache, then each LLM of the chain (structured output, per-attempt timeout,
 * retries, fallback to the next model), then the agent's local model; or the local model
 * straight away when the caller says it suffices (`localSuffices`). Always reports an
 * AgentRunRecord through `onRun`. Throws AgentCallError only when the local model throws.
 *
 * Local answers are not cached: they cost milliseconds, and caching a fallback would keep
 * serving it after the LLM has recovered.
 */
export async function runAgentCall<T>(opts: RunAgentCallOptions<T>): Promise<AgentCallResult<T>> {
  const tally = new RunTally(opts.agent);
  const llms = opts.chain.filter((ref) => ref.provider !== "local");
  if (llms.length > 0 && opts.localSuffices !== undefined) {
    for (const ref of llms) tally.attempts.push({ provider: ref.provider, model: ref.model, error: `skipped: ${opts.localSuffices}` });
    const value = await callLocalModel(opts.local, { agent: opts.agent, tally, redact: (t) => opts.registry.redact(t), onRun: opts.onRun, logger: opts.logger });
    return { value, run: await report(opts, tally.record(LOCAL_MODEL, { cacheHit: false, outcome: "ok" })) };
  }
  const cacheKey = llms.length > 0 ? cacheKeyFor(opts) : undefined;

  if (opts.cache && cacheKey) {
    const hit = await readCachedAnswer(opts.cache, cacheKey, opts.schema, opts.logger);
    if (hit) return { value: hit.value, run: await report(opts, tally.record(hit.ref, { cacheHit: true, outcome: "ok", cacheKey })) };
  }

  let fallbackReason: string | undefined;
  if (llms.length > 0 && opts.budget?.allowLlm === false) {
    fallbackReason = opts.budget.reason ?? "AI budget exhausted";
  } else if (llms.length > 0) {
    const answer = await tryLlms(opts, llms, tally);
    if (answer) {
      if (opts.cache && cacheKey) {
        const ttl = opts.cacheTtlSeconds ?? DEFAULTS.cacheTtlSeconds;
        await writeCachedAnswer(opts.cache, cacheKey, answer, ttl, opts.logger);
      }
      return { value: answer.value, run: await report(opts, tally.record(answer.ref, { cacheHit: false, outcome: "ok", ...(opts.cache && cacheKey ? { cacheKey } : {}) })) };
    }
    fallbackReason = tally.failureSummary();
  }

  const value = await callLocalModel(opts.local, {
    agent: opts.agent,
    tally,
    redact: (t) => opts.registry.redact(t),
    onRun: opts.onRun,
    logger: opts.logger,
  });
  const outcome = fallbackReason === undefined ? "ok" : "fallback";
  const run = tally.record(LOCAL_MODEL, { cacheHit: false, outcome, error: fallbackReason });
  return { value, run: await report(opts, run) };
}
