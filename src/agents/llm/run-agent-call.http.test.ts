/**
 * runAgentCall through the real AI SDK provider clients against local HTTP fakes that speak
 * the OpenAI and Anthropic wire formats (tests/fakes/*).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { CachePort } from "@/shared/cache-port";
import { FAKE_ANTHROPIC_KEY, startFakeAnthropic } from "../../../tests/fakes/anthropic/server";
import { FAKE_OPENAI_KEY, replyJson, startFakeOpenAI, type FakeLlmServer } from "../../../tests/fakes/openai/server";
import type { AgentRunRecord } from "./agent-run-record";
import { parseModelChain } from "./model-spec";
import { createModelRegistry, type ModelRegistryConfig } from "./providers";
import { runAgentCall, type RunAgentCallOptions } from "./run-agent-call";

const schema = z.object({ intent: z.enum(["sales", "support", "spam", "other"]), confidence: z.number() });
type Intent = z.infer<typeof schema>;
const LOCAL_ANSWER: Intent = { intent: "other", confidence: 0.5 };
const CHAIN = parseModelChain("openai:gpt-4o-mini, anthropic:claude-haiku-4-5");

function memoryCache(): CachePort {
  const entries = new Map<string, string>();
  return {
    get: async (key) => entries.get(key) ?? null,
    set: async (key, value) => void entries.set(key, value),
    delete: async (key) => void entries.delete(key),
  };
}

let openai: FakeLlmServer;
let anthropic: FakeLlmServer;

beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
});
afterAll(async () => {
  await Promise.all([openai.close(), anthropic.close()]);
});
afterEach(() => {
  expect(openai.pending() + anthropic.pending()).toBe(0); // each test uses exactly what it queued
});
beforeEach(() => {
  openai.reset();
  anthropic.reset();
});

function fullConfig(): ModelRegistryConfig {
  return {
    openai: { apiKey: FAKE_OPENAI_KEY, baseURL: openai.baseURL },
    anthropic: { apiKey: FAKE_ANTHROPIC_KEY, baseURL: anthropic.baseURL },
  };
}

function call(cfg: ModelRegistryConfig, extra: Partial<RunAgentCallOptions<Intent>> = {}) {
  const runs: AgentRunRecord[] = [];
  const promise = runAgentCall<Intent>({
    agent: "intent",
    chain: CHAIN,
    registry: createModelRegistry(cfg),
    schema,
    buildPrompt: () => ({ system: "Classify the intent.", prompt: "Message: do you ship to Canada?" }),
    local: () => LOCAL_ANSWER,
    timeoutMs: 2_000,
    backoffMs: 1,
    onRun: (rec) => void runs.push(rec),
    ...extra,
  });
  return promise.then((result) => ({ ...result, runs }));
}

describe("runAgentCall over HTTP", () => {
  it("asks OpenAI's Responses API with the schema and records usage and cost", async () => {
    openai.enqueue(replyJson({ intent: "support", confidence: 0.88 }, { usage: { input: 1_000, output: 200 } }));
    const { value, run, runs } = await call(fullConfig());
    expect(value).toEqual({ intent: "support", confidence: 0.88 });
    expect(run).toMatchObject({ provider: "openai", model: "gpt-4o-mini", tokensIn: 1_000, tokensOut: 200, outcome: "ok" });
    expect(run.costUsd).toBeCloseTo(0.00027, 10); // 1000 * 0.15/1M + 200 * 0.60/1M
    expect(runs).toEqual([run]);

    const [request] = openai.requests;
    expect(request?.path).toBe("/v1/responses");
    expect(request?.headers.authorization).toBe(`Bearer ${FAKE_OPENAI_KEY}`);
    expect(request?.body).toMatchObject({
      model: "gpt-4o-mini",
      text: { format: { type: "json_schema", strict: true, schema: { properties: { intent: { enum: ["sales", "support", "spam", "other"] } } } } },
      input: [
        { role: "system", content: "Classify the intent." },
        { role: "user", content: [{ type: "input_text", text: "Message: do you ship to Canada?" }] },
      ],
    });
  });

  it("can use Chat Completions instead", async () => {
    openai.enqueue(replyJson({ intent: "sales", confidence: 0.7 }));
    const cfg = fullConfig();
    const { value } = await call({ ...cfg, openai: { apiKey: FAKE_OPENAI_KEY, baseURL: openai.baseURL, api: "chat" } });
    expect(value).toEqual({ intent: "sales", confidence: 0.7 });
    expect(openai.requests[0]?.path).toBe("/v1/chat/completions");
    expect(openai.requests[0]?.body).toMatchObject({ response_format: { type: "json_schema", json_schema: { strict: true } } });
  });

  it("falls back from an OpenAI 500 to Anthropic", async () => {
    openai.enqueue({ type: "error", status: 500 }, { type: "error", status: 500 }, { type: "error", status: 500 });
    anthropic.enqueue(replyJson({ intent: "sales", confidence: 0.93 }));
    const { value, run } = await call(fullConfig());
    expect(value).toEqual({ intent: "sales", confidence: 0.93 });
    expect(openai.requests).toHaveLength(3);
    expect(run).toMatchObject({ provider: "anthropic", model: "claude-haiku-4-5", outcome: "ok" });
    const [request] = anthropic.requests;
    expect(request?.headers["x-api-key"]).toBe(FAKE_ANTHROPIC_KEY);
    expect(request?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(request?.body).toMatchObject({ output_config: { format: { type: "json_schema" } }, max_tokens: 1_000 });
  });

  it("retries a 429 on the same model and succeeds", async () => {
    openai.enqueue({ type: "error", status: 429, retryAfterSeconds: 0 }, replyJson({ intent: "spam", confidence: 0.99 }));
    const { run } = await call(fullConfig());
    expect(run.provider).toBe("openai");
    expect(run.attempts.map((a) => a.error ?? "ok")).toEqual([expect.stringMatching(/^rate-limit \(http 429\)/), "ok"]);
    expect(anthropic.requests).toHaveLength(0);
  });

  it("falls back to the local model when both providers fail", async () => {
    openai.enqueue(...Array.from({ length: 3 }, () => ({ type: "error" as const, status: 503 })));
    anthropic.enqueue(...Array.from({ length: 3 }, () => ({ type: "error" as const, status: 529, message: "Overloaded" })));
    const { value, run } = await call(fullConfig());
    expect(value).toEqual(LOCAL_ANSWER);
    expect(run).toMatchObject({ provider: "local", outcome: "fallback" });
    expect(run.error).toMatch(/last: anthropic:claude-haiku-4-5 server \(http 529\): Overloaded/);
  });

  it("times out a hanging provider and moves on", async () => {
    openai.enqueue({ type: "hang" });
    anthropic.enqueue(replyJson({ intent: "support", confidence: 0.6 }));
    const started = Date.now();
    const { run } = await call(fullConfig(), { timeoutMs: 300, retries: 0 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(run.attempts[0]?.error).toBe("timeout: no answer within 300 ms");
    expect(run.provider).toBe("anthropic");
  });

  it("retries invalid JSON once, then falls back without losing the answer", async () => {
    openai.enqueue({ type: "invalid-json" }, { type: "invalid-json" });
    anthropic.enqueue(replyJson({ intent: "sales", confidence: 0.81 }));
    const { value, run } = await call(fullConfig());
    expect(value).toEqual({ intent: "sales", confidence: 0.81 });
    expect(openai.requests).toHaveLength(2);
    expect(run.attempts.map((a) => a.error?.split(":")[0] ?? "ok")).toEqual(["invalid-output", "invalid-output", "ok"]);
  });

  it("works with the JSON-tool mode Anthropic uses for older models", async () => {
    anthropic.enqueue(replyJson({ intent: "support", confidence: 0.77 }));
    const { value } = await call(fullConfig(), { chain: parseModelChain("anthropic:claude-3-haiku-20240307") });
    expect(value).toEqual({ intent: "support", confidence: 0.77 });
    expect(anthropic.requests[0]?.body).toMatchObject({ tools: [{ name: "json" }], tool_choice: { type: "any" } });
  });

  it("does not retry a wrong key and keeps the key out of the record", async () => {
    const wrongKey = "sk-wrong-key-1234567890abcdef";
    anthropic.enqueue(replyJson({ intent: "sales", confidence: 0.9 }));
    const cfg = fullConfig();
    const { run } = await call({ ...cfg, openai: { apiKey: wrongKey, baseURL: openai.baseURL } });
    expect(openai.requests).toHaveLength(1);
    expect(run.attempts[0]?.error).toMatch(/^auth \(http 401\): Incorrect API key provided/);
    expect(JSON.stringify(run)).not.toContain(wrongKey);
    expect(JSON.stringify(run)).not.toContain(wrongKey.slice(-4));
    expect(run.provider).toBe("anthropic");
  });

  it("skips an unconfigured provider with a warning", async () => {
    anthropic.enqueue(replyJson({ intent: "sales", confidence: 0.9 }));
    const warn = vi.fn();
    const { run } = await call({ anthropic: fullConfig().anthropic, logger: { warn } });
    expect(run.attempts[0]).toEqual({ provider: "openai", model: "gpt-4o-mini", error: "skipped: provider not configured" });
    expect(run.provider).toBe("anthropic");
    expect(warn).toHaveBeenCalledWith({ provider: "openai", model: "gpt-4o-mini" }, expect.stringContaining("not configured"));
  });

  it("reaches an OpenAI-compatible server through the compat provider", async () => {
    openai.enqueue(replyJson({ intent: "other", confidence: 0.3 }));
    const { value, run } = await call(
      { compat: { baseURL: openai.baseURL, apiKey: FAKE_OPENAI_KEY, name: "ollama" } },
      { chain: parseModelChain("compat:llama3.1:8b") },
    );
    expect(value).toEqual({ intent: "other", confidence: 0.3 });
    expect(run).toMatchObject({ provider: "compat", model: "llama3.1:8b", costPriced: false, costUsd: 0 });
    expect(openai.requests[0]?.body).toMatchObject({ model: "llama3.1:8b", response_format: { type: "json_schema" } });
  });

  it("answers a repeated request from the cache: one HTTP call for two agent calls", async () => {
    const cache = memoryCache();
    const cacheKeyParts = { workspaceId: "ws_1", input: { text: "do you ship to Canada?" }, tone: null, promptVersion: "v1" };
    openai.enqueue(replyJson({ intent: "support", confidence: 0.9 }));
    await call(fullConfig(), { cache, cacheKeyParts });
    const second = await call(fullConfig(), { cache, cacheKeyParts });
    expect(openai.requests).toHaveLength(1);
    expect(second.run).toMatchObject({ cacheHit: true, provider: "openai" });
  });

  it("never sends a 100 KB message whole", async () => {
    openai.enqueue(replyJson({ intent: "spam", confidence: 0.95 }));
    const huge = `Hi! ${"BUY CHEAP FOLLOWERS NOW ".repeat(4_500)}`;
    expect(huge.length).toBeGreaterThan(100_000);
    await call(fullConfig(), { buildPrompt: () => ({ system: "Classify.", prompt: huge }), maxPromptTokens: 2_000 });
    expect(JSON.stringify(openai.requests[0]?.body).length).toBeLessThan(12_000);
  });

  it("does not call any provider when the budget is exhausted", async () => {
    const { run } = await call(fullConfig(), { budget: { allowLlm: false } });
    expect(openai.requests).toHaveLength(0);
    expect(anthropic.requests).toHaveLength(0);
    expect(run).toMatchObject({ provider: "local", outcome: "fallback", error: "AI budget exhausted" });
  });
});
