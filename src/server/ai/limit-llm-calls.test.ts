/**
 * The AI rate limit at the one door where model requests leave: real AI SDK clients against the
 * local OpenAI / Anthropic fakes, real limiters (an in-process one with a tiny policy, and the
 * Upstash one pointed at a dead address for the outage case).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { FAKE_ANTHROPIC_KEY, startFakeAnthropic } from "../../../tests/fakes/anthropic/server";
import { FAKE_OPENAI_KEY, replyJson, startFakeOpenAI, type FakeLlmServer } from "../../../tests/fakes/openai/server";
import type { AgentRunRecord } from "@/agents/llm/agent-run-record";
import { parseModelChain } from "@/agents/llm/model-spec";
import { createModelRegistry } from "@/agents/llm/providers";
import { runAgentCall } from "@/agents/llm/run-agent-call";
import { streamDraft } from "@/agents/llm/stream-reply";
import { createLocalLimiter } from "../infra/ratelimit/local-limiter";
import { RATE_LIMIT_POLICIES, type PolicyTable } from "../infra/ratelimit/policies";
import { createUpstashLimiter } from "../infra/ratelimit/upstash-limiter";
import { AiRateLimitedError, limitLlmCalls } from "./limit-llm-calls";

const schema = z.object({ intent: z.enum(["sales", "support", "spam", "other"]), confidence: z.number() });
type Intent = z.infer<typeof schema>;
const LOCAL: Intent = { intent: "other", confidence: 0.5 };
const CHAIN = parseModelChain("openai:gpt-4o-mini, anthropic:claude-haiku-4-5");
/** Two model requests per workspace per minute. */
const TWO_A_MINUTE: PolicyTable = { ...RATE_LIMIT_POLICIES, ai: { ...RATE_LIMIT_POLICIES.ai, limit: 2 } };

let openai: FakeLlmServer;
let anthropic: FakeLlmServer;
beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
});
afterAll(async () => {
  await Promise.all([openai.close(), anthropic.close()]);
});
beforeEach(() => {
  openai.reset();
  anthropic.reset();
  openai.setResponder(() => replyJson({ intent: "sales", confidence: 0.9 }));
  anthropic.setResponder(() => replyJson({ intent: "sales", confidence: 0.9 }));
});

const rawRegistry = () =>
  createModelRegistry({ openai: { apiKey: FAKE_OPENAI_KEY, baseURL: openai.baseURL }, anthropic: { apiKey: FAKE_ANTHROPIC_KEY, baseURL: anthropic.baseURL } });

async function classify(registry: ReturnType<typeof rawRegistry>) {
  const runs: AgentRunRecord[] = [];
  const result = await runAgentCall<Intent>({
    agent: "intent", chain: CHAIN, registry, schema, timeoutMs: 2_000, backoffMs: 1,
    buildPrompt: () => ({ system: "Classify the intent.", prompt: "Message: do you ship to Canada?" }),
    local: () => LOCAL, onRun: (r) => void runs.push(r),
  });
  return { value: result.value, run: result.run };
}

describe("limitLlmCalls", () => {
  it("lets requests through until the workspace's limit, then falls back to the local model without calling any provider", async () => {
    const limiter = createLocalLimiter({ policies: TWO_A_MINUTE });
    const registry = limitLlmCalls(rawRegistry(), { workspaceId: "ws_limited", limiter });
    expect((await classify(registry)).run).toMatchObject({ provider: "openai", outcome: "ok" });
    expect((await classify(registry)).run).toMatchObject({ provider: "openai", outcome: "ok" });
    expect(openai.requests).toHaveLength(2);

    const limited = await classify(registry);
    expect(limited.value).toEqual(LOCAL);
    expect(limited.run).toMatchObject({ provider: "local", outcome: "fallback" });
    expect(limited.run.error).toMatch(/AI rate limit for this workspace reached/);
    // Neither model of the chain was asked, and the refusal was not retried with backoff.
    expect(openai.requests).toHaveLength(2);
    expect(anthropic.requests).toHaveLength(0);
    expect(limited.run.attempts.map((a) => `${a.provider} ${a.error ?? "ok"}`)).toEqual([
      expect.stringMatching(/^openai .*AI rate limit/),
      expect.stringMatching(/^anthropic .*AI rate limit/),
      "local ok",
    ]);
  });

  it("counts per workspace: another workspace still reaches the models", async () => {
    const limiter = createLocalLimiter({ policies: TWO_A_MINUTE });
    const busy = limitLlmCalls(rawRegistry(), { workspaceId: "ws_busy", limiter });
    for (let i = 0; i < 3; i++) await classify(busy);
    const other = await classify(limitLlmCalls(rawRegistry(), { workspaceId: "ws_quiet", limiter }));
    expect(other.run).toMatchObject({ provider: "openai", outcome: "ok" });
  });

  it("counts streamed drafts too, and a refused stream yields the local draft", async () => {
    const limiter = createLocalLimiter({ policies: { ...RATE_LIMIT_POLICIES, ai: { ...RATE_LIMIT_POLICIES.ai, limit: 1 } } });
    const registry = limitLlmCalls(rawRegistry(), { workspaceId: "ws_stream", limiter });
    openai.setResponder(() => ({ type: "reply", content: "Hello from the model" }));
    const draft = async () => {
      const runs: AgentRunRecord[] = [];
      let text = "";
      for await (const chunk of streamDraft({ chain: CHAIN, registry, timeoutMs: 2_000, buildPrompt: () => ({ system: "Reply.", prompt: "Hi" }), local: () => "Local draft", onRun: (r) => void runs.push(r) })) text += chunk;
      return { text, run: runs[0]! };
    };
    expect((await draft()).text).toBe("Hello from the model");
    const refused = await draft();
    expect(refused.text).toBe("Local draft");
    expect(refused.run).toMatchObject({ provider: "local", outcome: "fallback" });
    expect(openai.requests).toHaveLength(1);
  });

  it("fails open when the limiter's store is down (the policy's outage rule): the model is still asked", async () => {
    const logger = { error: () => undefined, warn: () => undefined };
    const limiter = createUpstashLimiter({ url: "http://127.0.0.1:9", token: "t", timeoutMs: 300 }, { logger });
    const result = await classify(limitLlmCalls(rawRegistry(), { workspaceId: "ws_outage", limiter }));
    expect(result.run).toMatchObject({ provider: "openai", outcome: "ok" });
    expect(openai.requests).toHaveLength(1);
  });

  it("leaves the local model alone and carries Retry-After seconds on the refusal", async () => {
    const registry = limitLlmCalls(rawRegistry(), { workspaceId: "ws_x", limiter: createLocalLimiter({ policies: TWO_A_MINUTE }) });
    expect(registry.resolve({ provider: "local", model: "local" })).toBeNull();
    const refusal = new AiRateLimitedError(42);
    expect(refusal.retryAfterSeconds).toBe(42);
    expect(registry.redact(`key ${FAKE_OPENAI_KEY}`)).not.toContain(FAKE_OPENAI_KEY);
  });
});
