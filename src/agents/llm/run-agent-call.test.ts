import { APICallError } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CachePort } from "@/shared/cache-port";
import { AgentCallError, type AgentRunRecord } from "./agent-run-record";
import { formatModelRef, LOCAL_MODEL, parseModelChain, type ModelRef } from "./model-spec";
import type { ModelRegistry } from "./providers";
import { runAgentCall, type RunAgentCallOptions } from "./run-agent-call";

// ---- helpers -------------------------------------------------------------------------------

/** Tiny in-memory CachePort (the production LRU / Upstash ones live in src/server/infra/cache/). */
function memoryCache(): CachePort & { entries: Map<string, string>; gets: number } {
  const entries = new Map<string, string>();
  return {
    entries,
    gets: 0,
    async get(key) {
      this.gets++;
      return entries.get(key) ?? null;
    },
    async set(key, value) {
      entries.set(key, value);
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

const intentSchema = z.object({ intent: z.enum(["sales", "support", "spam", "other"]), confidence: z.number().min(0).max(1) });
type Intent = z.infer<typeof intentSchema>;
const LOCAL_ANSWER: Intent = { intent: "other", confidence: 0.5 };

type Step = Intent | string | Error | "hang" | "hang-ignoring-signal";

function generated(text: string, tokensIn = 100, tokensOut = 20) {
  return {
    content: [{ type: "text" as const, text }],
    finishReason: { unified: "stop" as const, raw: "stop" },
    usage: {
      inputTokens: { total: tokensIn, noCache: tokensIn, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: tokensOut, text: tokensOut, reasoning: undefined },
    },
    warnings: [],
  };
}

/** A mock model that plays `steps` in order: an object (valid answer), raw text, an error, or a hang. */
function scriptedModel(ref: ModelRef, steps: Step[]): MockLanguageModelV3 {
  const queue = [...steps];
  return new MockLanguageModelV3({
    provider: ref.provider,
    modelId: ref.model,
    doGenerate: async ({ abortSignal }) => {
      const step = queue.shift() ?? new Error("script exhausted");
      if (step instanceof Error) throw step;
      if (step === "hang-ignoring-signal") return new Promise(() => undefined);
      if (step === "hang") {
        return new Promise((_, reject) => abortSignal?.addEventListener("abort", () => reject(abortSignal.reason)));
      }
      return generated(typeof step === "string" ? step : JSON.stringify(step));
    },
  });
}

function registryOf(models: Record<string, MockLanguageModelV3>, secrets: string[] = []): ModelRegistry {
  return {
    resolve: (ref) => models[formatModelRef(ref)] ?? null,
    redact: (text) => secrets.reduce((out, s) => out.split(s).join("[redacted]"), text),
  };
}

const apiError = (statusCode: number, message = `http ${statusCode}`, responseHeaders?: Record<string, string>) =>
  new APICallError({ message, url: "https://llm.example/v1", requestBodyValues: { prompt: "secret prompt" }, statusCode, responseHeaders });

const OPENAI: ModelRef = { provider: "openai", model: "gpt-4o-mini" };
const ANTHROPIC: ModelRef = { provider: "anthropic", model: "claude-haiku-4-5" };
const CHAIN = parseModelChain("openai:gpt-4o-mini, anthropic:claude-haiku-4-5, local");

function options(
  registry: ModelRegistry,
  extra: Partial<RunAgentCallOptions<Intent>> = {},
): RunAgentCallOptions<Intent> & { runs: AgentRunRecord[]; sleeps: number[] } {
  const runs: AgentRunRecord[] = [];
  const sleeps: number[] = [];
  return {
    agent: "intent",
    chain: CHAIN,
    registry,
    schema: intentSchema,
    buildPrompt: () => ({ system: "Classify the intent of the message.", prompt: "Message: how much is the pro plan?" }),
    local: () => LOCAL_ANSWER,
    timeoutMs: 1_000,
    random: () => 0,
    sleep: async (ms) => void sleeps.push(ms),
    onRun: (rec) => void runs.push(rec),
    runs,
    sleeps,
    ...extra,
  };
}

// ---- tests ---------------------------------------------------------------------------------

describe("runAgentCall", () => {
  it("asks no LLM and reads no cache when the local model suffices, and says why in the run", async () => {
    const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 0.92 }]);
    const cache = memoryCache();
    const opts = options(registryOf({ [formatModelRef(OPENAI)]: openai }), { localSuffices: "local model confident", cache, cacheKeyParts: { input: "x", tone: "", promptVersion: "v1", workspaceId: "ws" } });
    const { value, run } = await runAgentCall(opts);
    expect(value).toEqual(LOCAL_ANSWER);
    expect(openai.doGenerateCalls).toHaveLength(0);
    expect(cache.gets).toBe(0);
    expect(run).toMatchObject({ provider: "local", outcome: "ok", cacheHit: false, tokensIn: 0, costUsd: 0 });
    expect(run.attempts).toEqual([
      { provider: "openai", model: "gpt-4o-mini", error: "skipped: local model confident" },
      { provider: "anthropic", model: "claude-haiku-4-5", error: "skipped: local model confident" },
      { provider: "local", model: "builtin" },
    ]);
    expect(opts.runs).toEqual([run]);
  });

  it("returns the first model's structured answer with tokens and cost", async () => {
    const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 0.92 }]);
    const opts = options(registryOf({ [formatModelRef(OPENAI)]: openai }));
    const { value, run } = await runAgentCall(opts);
    expect(value).toEqual({ intent: "sales", confidence: 0.92 });
    expect(run).toMatchObject({
      agent: "intent",
      provider: "openai",
      model: "gpt-4o-mini",
      tokensIn: 100,
      tokensOut: 20,
      costUsd: 0.000027, // 100 * 0.15/1M + 20 * 0.60/1M
      costPriced: true,
      cacheHit: false,
      outcome: "ok",
      attempts: [{ provider: "openai", model: "gpt-4o-mini" }],
    });
    expect(opts.runs).toEqual([run]);
    // structured output was forced: the call carried a JSON response format with the schema
    expect(openai.doGenerateCalls[0]?.responseFormat).toMatchObject({ type: "json", schema: { type: "object" } });
    expect(openai.doGenerateCalls[0]?.maxOutputTokens).toBe(1_000);
  });

  it("retries a 500 with exponential backoff, then falls back to the next model", async () => {
    const openai = scriptedModel(OPENAI, [apiError(500), apiError(502), apiError(503)]);
    const anthropic = scriptedModel(ANTHROPIC, [{ intent: "support", confidence: 0.8 }]);
    const opts = options(registryOf({ [formatModelRef(OPENAI)]: openai, [formatModelRef(ANTHROPIC)]: anthropic }));
    const { value, run } = await runAgentCall(opts);
    expect(value).toEqual({ intent: "support", confidence: 0.8 });
    expect(openai.doGenerateCalls).toHaveLength(3); // 1 + retries (2)
    expect(anthropic.doGenerateCalls).toHaveLength(1);
    expect(opts.sleeps).toEqual([125, 250]); // base 250: step/2 with random() = 0, doubling
    expect(run.provider).toBe("anthropic");
    expect(run.outcome).toBe("ok");
    expect(run.attempts.map((a) => a.error ?? "ok")).toEqual([
      "server (http 500): http 500",
      "server (http 502): http 502",
      "server (http 503): http 503",
      "ok",
    ]);
  });

  it("honours a short Retry-After and moves on at once when it is long", async () => {
    const openai = scriptedModel(OPENAI, [apiError(429, "slow down", { "retry-after-ms": "900" }), { intent: "sales", confidence: 1 }]);
    const opts = options(registryOf({ [formatModelRef(OPENAI)]: openai }));
    await runAgentCall(opts);
    expect(opts.sleeps).toEqual([900]);

    const limited = scriptedModel(OPENAI, [apiError(429, "quota", { "retry-after": "60" })]);
    const anthropic = scriptedModel(ANTHROPIC, [{ intent: "sales", confidence: 1 }]);
    const opts2 = options(registryOf({ [formatModelRef(OPENAI)]: limited, [formatModelRef(ANTHROPIC)]: anthropic }));
    const { run } = await runAgentCall(opts2);
    expect(limited.doGenerateCalls).toHaveLength(1);
    expect(opts2.sleeps).toEqual([]);
    expect(run.provider).toBe("anthropic");
  });

  it("does not retry an auth error", async () => {
    const openai = scriptedModel(OPENAI, [apiError(401, "Incorrect API key provided")]);
    const anthropic = scriptedModel(ANTHROPIC, [{ intent: "spam", confidence: 0.99 }]);
    const { run } = await runAgentCall(options(registryOf({ [formatModelRef(OPENAI)]: openai, [formatModelRef(ANTHROPIC)]: anthropic })));
    expect(openai.doGenerateCalls).toHaveLength(1);
    expect(run.attempts[0]?.error).toMatch(/^auth \(http 401\)/);
    expect(run.provider).toBe("anthropic");
  });

  it("retries invalid JSON once, then uses the next model, counting the wasted tokens", async () => {
    const openai = scriptedModel(OPENAI, ["Sure! {not json", '{"intent":"maybe","confidence":7}', { intent: "sales", confidence: 1 }]);
    const anthropic = scriptedModel(ANTHROPIC, [{ intent: "sales", confidence: 0.7 }]);
    const opts = options(registryOf({ [formatModelRef(OPENAI)]: openai, [formatModelRef(ANTHROPIC)]: anthropic }));
    const { value, run } = await runAgentCall(opts);
    expect(value).toEqual({ intent: "sales", confidence: 0.7 });
    expect(openai.doGenerateCalls).toHaveLength(2); // bad JSON, then schema mismatch: give up on it
    expect(opts.sleeps).toEqual([]); // invalid output is retried immediately
    expect(run.attempts.slice(0, 2).map((a) => a.error)).toEqual([
      expect.stringMatching(/^invalid-output: No object generated: could not parse/),
      expect.stringMatching(/^invalid-output: No object generated: response did not match schema/),
    ]);
    expect(run.tokensIn).toBe(300); // 3 calls x 100, the two failed ones were billed too
  });

  it("keeps an answer that arrives after one invalid reply from the same model", async () => {
    const openai = scriptedModel(OPENAI, ["nope", { intent: "support", confidence: 0.6 }]);
    const { value, run } = await runAgentCall(options(registryOf({ [formatModelRef(OPENAI)]: openai })));
    expect(value).toEqual({ intent: "support", confidence: 0.6 });
    expect(run).toMatchObject({ provider: "openai", outcome: "ok" });
  });

  it("times out a hanging model and falls back to the next", async () => {
    const openai = scriptedModel(OPENAI, ["hang"]);
    const anthropic = scriptedModel(ANTHROPIC, [{ intent: "sales", confidence: 0.9 }]);
    const registry = registryOf({ [formatModelRef(OPENAI)]: openai, [formatModelRef(ANTHROPIC)]: anthropic });
    const { run } = await runAgentCall(options(registry, { timeoutMs: 30, retries: 0 }));
    expect(run.attempts[0]).toEqual({ provider: "openai", model: "gpt-4o-mini", error: "timeout: no answer within 30 ms" });
    expect(run.provider).toBe("anthropic");
    expect(openai.doGenerateCalls[0]?.abortSignal?.aborted).toBe(true); // the request was cancelled
  });

  it("enforces the deadline even when the model ignores the abort signal", async () => {
    const openai = scriptedModel(OPENAI, ["hang-ignoring-signal"]);
    const started = Date.now();
    const { value, run } = await runAgentCall(options(registryOf({ [formatModelRef(OPENAI)]: openai }), { timeoutMs: 30, retries: 0 }));
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(value).toEqual(LOCAL_ANSWER);
    expect(run.outcome).toBe("fallback");
  });

  it("falls back to the local model when every LLM fails", async () => {
    const openai = scriptedModel(OPENAI, [apiError(500), apiError(500), apiError(500)]);
    const anthropic = scriptedModel(ANTHROPIC, [apiError(400, "bad request")]);
    const local = vi.fn(() => LOCAL_ANSWER);
    const { value, run } = await runAgentCall(
      options(registryOf({ [formatModelRef(OPENAI)]: openai, [formatModelRef(ANTHROPIC)]: anthropic }), { local }),
    );
    expect(value).toEqual(LOCAL_ANSWER);
    expect(local).toHaveBeenCalledTimes(1);
    expect(run).toMatchObject({ provider: "local", model: "builtin", outcome: "fallback", cacheHit: false });
    expect(run.error).toMatch(/every LLM in the chain failed \(4 attempts\); last: anthropic:claude-haiku-4-5 client \(http 400\)/);
    expect(run.attempts.at(-1)).toEqual({ provider: "local", model: "builtin" });
  });

  it("skips a provider the registry cannot resolve", async () => {
    const anthropic = scriptedModel(ANTHROPIC, [{ intent: "sales", confidence: 0.9 }]);
    const { run } = await runAgentCall(options(registryOf({ [formatModelRef(ANTHROPIC)]: anthropic })));
    expect(run.attempts[0]).toEqual({ provider: "openai", model: "gpt-4o-mini", error: "skipped: provider not configured" });
    expect(run.provider).toBe("anthropic");
  });

  it("uses only the local model, without asking any LLM, when the budget is exhausted", async () => {
    const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 1 }]);
    const buildPrompt = vi.fn(() => ({ system: "s", prompt: "p" }));
    const { value, run } = await runAgentCall(
      options(registryOf({ [formatModelRef(OPENAI)]: openai }), { budget: { allowLlm: false, reason: "monthly AI budget is spent" }, buildPrompt }),
    );
    expect(value).toEqual(LOCAL_ANSWER);
    expect(openai.doGenerateCalls).toHaveLength(0);
    expect(buildPrompt).not.toHaveBeenCalled();
    expect(run).toMatchObject({ provider: "local", outcome: "fallback", error: "monthly AI budget is spent", costUsd: 0 });
  });

  it("treats a local-only chain as the normal path and skips the cache", async () => {
    const cache = memoryCache();
    const opts = options(registryOf({}), {
      chain: [LOCAL_MODEL],
      cache,
      cacheKeyParts: { workspaceId: "ws_1", input: { text: "hi" }, tone: null, promptVersion: "v1" },
    });
    const { run } = await runAgentCall(opts);
    expect(run).toMatchObject({ provider: "local", outcome: "ok", attempts: [{ provider: "local", model: "builtin" }] });
    expect(run.error).toBeUndefined();
    expect(cache.gets).toBe(0);
  });

  describe("cache", () => {
    const keyParts = { workspaceId: "ws_1", input: { text: "how much is the pro plan?" }, tone: "friendly", promptVersion: "intent-v1" };

    it("serves a repeated request from the cache without calling the model", async () => {
      const cache = memoryCache();
      const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 0.9 }]);
      const registry = registryOf({ [formatModelRef(OPENAI)]: openai });
      const first = await runAgentCall(options(registry, { cache, cacheKeyParts: keyParts }));
      const second = await runAgentCall(options(registry, { cache, cacheKeyParts: keyParts }));
      expect(openai.doGenerateCalls).toHaveLength(1);
      expect(second.value).toEqual(first.value);
      expect(second.run).toMatchObject({ cacheHit: true, outcome: "ok", provider: "openai", model: "gpt-4o-mini", tokensIn: 0, costUsd: 0, attempts: [] });
      expect([...cache.entries.keys()]).toEqual([expect.stringMatching(/^llm:intent:[0-9a-f]{64}$/)]);
    });

    it("never shares entries between workspaces", async () => {
      const cache = memoryCache();
      const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 0.9 }, { intent: "sales", confidence: 0.8 }]);
      const registry = registryOf({ [formatModelRef(OPENAI)]: openai });
      await runAgentCall(options(registry, { cache, cacheKeyParts: keyParts }));
      const other = await runAgentCall(options(registry, { cache, cacheKeyParts: { ...keyParts, workspaceId: "ws_2" } }));
      expect(other.run.cacheHit).toBe(false);
      expect(openai.doGenerateCalls).toHaveLength(2);
    });

    it.each([
      ["not JSON", "{oops"],
      ["wrong shape", JSON.stringify({ value: { intent: "sales", confidence: 3 }, provider: "openai", model: "gpt-4o-mini" })],
      ["bare value without envelope", JSON.stringify({ intent: "sales", confidence: 0.9 })],
    ])("ignores a corrupt entry (%s) and overwrites it", async (_name, corrupt) => {
      const cache = memoryCache();
      const openai = scriptedModel(OPENAI, [{ intent: "support", confidence: 0.4 }]);
      const registry = registryOf({ [formatModelRef(OPENAI)]: openai });
      const warn = vi.fn();
      await runAgentCall(options(registry, { cache, cacheKeyParts: keyParts, logger: { warn } })); // learn the key
      const key = [...cache.entries.keys()][0] ?? "";
      cache.entries.set(key, corrupt);
      const fresh = scriptedModel(OPENAI, [{ intent: "support", confidence: 0.5 }]);
      const { value, run } = await runAgentCall(
        options(registryOf({ [formatModelRef(OPENAI)]: fresh }), { cache, cacheKeyParts: keyParts, logger: { warn } }),
      );
      expect(run.cacheHit).toBe(false);
      expect(value).toEqual({ intent: "support", confidence: 0.5 });
      expect(fresh.doGenerateCalls).toHaveLength(1);
      expect(warn).toHaveBeenCalledWith({ key }, expect.stringMatching(/llm cache entry/));
      expect(JSON.parse(cache.entries.get(key) ?? "")).toMatchObject({ value: { intent: "support", confidence: 0.5 } });
    });

    it("does not cache local fallbacks, so the LLM is asked again next time", async () => {
      const cache = memoryCache();
      const openai = scriptedModel(OPENAI, [apiError(401)]);
      await runAgentCall(options(registryOf({ [formatModelRef(OPENAI)]: openai }), { cache, cacheKeyParts: keyParts }));
      expect(cache.entries.size).toBe(0);
    });

    it("carries on when the cache itself is down", async () => {
      const broken: CachePort = {
        get: () => Promise.reject(new Error("ECONNREFUSED redis")),
        set: () => Promise.reject(new Error("ECONNREFUSED redis")),
        delete: () => Promise.reject(new Error("ECONNREFUSED redis")),
      };
      const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 0.9 }]);
      const { run } = await runAgentCall(options(registryOf({ [formatModelRef(OPENAI)]: openai }), { cache: broken, cacheKeyParts: keyParts }));
      expect(run).toMatchObject({ outcome: "ok", provider: "openai" });
    });

    it("requires key parts with a cache", async () => {
      await expect(runAgentCall(options(registryOf({}), { cache: memoryCache() }))).rejects.toThrow(/cacheKeyParts/);
    });
  });

  it("keeps API keys and prompt text out of the run record", async () => {
    const key = "sk-live-0123456789abcdef";
    const prompt = "Message from Jane Doe: my order 5512 never arrived, call me";
    const leaky = apiError(401, `Incorrect API key provided: ${key}; request was: ${prompt}`);
    const weird = new Error(`proxy failure for key=${"opaque-secret-value"} body=${prompt}`);
    const openai = scriptedModel(OPENAI, [leaky]);
    const anthropic = scriptedModel(ANTHROPIC, [weird]);
    const registry = registryOf({ [formatModelRef(OPENAI)]: openai, [formatModelRef(ANTHROPIC)]: anthropic }, [key, "opaque-secret-value"]);
    const { run } = await runAgentCall(options(registry, { buildPrompt: () => ({ system: "Classify.", prompt }) }));
    const serialised = JSON.stringify(run);
    expect(serialised).not.toContain(key);
    expect(serialised).not.toContain("opaque-secret-value");
    expect(serialised).not.toContain("Jane Doe");
    expect(run.attempts[0]?.error).toMatch(/^auth \(http 401\): Incorrect API key provided: \[redacted\]/);
  });

  it("truncates a huge prompt before it is sent", async () => {
    const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 0.9 }]);
    const huge = "buy ".repeat(30_000); // 120 KB
    await runAgentCall(options(registryOf({ [formatModelRef(OPENAI)]: openai }), { buildPrompt: () => ({ system: "s", prompt: huge }), maxPromptTokens: 1_000 }));
    const sent = JSON.stringify(openai.doGenerateCalls[0]?.prompt);
    expect(sent.length).toBeLessThan(6_000);
    expect(sent).toContain("[... truncated ...]");
  });

  it("throws AgentCallError, after reporting the run, when even the local model fails", async () => {
    const opts = options(registryOf({}), {
      chain: [LOCAL_MODEL],
      local: () => {
        throw new Error("model file missing");
      },
    });
    const error = await runAgentCall(opts).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentCallError);
    expect((error as AgentCallError).run).toMatchObject({ outcome: "error", provider: "local", error: "local model failed: model file missing" });
    expect(opts.runs).toHaveLength(1);
  });

  it("still returns the answer when saving the run record fails", async () => {
    const warn = vi.fn();
    const openai = scriptedModel(OPENAI, [{ intent: "sales", confidence: 0.9 }]);
    const { value } = await runAgentCall(
      options(registryOf({ [formatModelRef(OPENAI)]: openai }), {
        onRun: () => Promise.reject(new Error("db down")),
        logger: { warn },
      }),
    );
    expect(value.intent).toBe("sales");
    expect(warn).toHaveBeenCalledWith({ agent: "intent", err: "Error" }, "agent run record was not saved");
  });
});
